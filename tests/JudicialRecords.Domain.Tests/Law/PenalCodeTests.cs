using JudicialRecords.Domain.Law;

namespace JudicialRecords.Domain.Tests.Law;

public sealed class PenalCodeTests
{
    [Theory]
    [InlineData(2015, "173", "XVI", "Các tội xâm phạm sở hữu")]
    [InlineData(2015, "168", "XVI", "Các tội xâm phạm sở hữu")]
    [InlineData(2015, "180", "XVI", "Các tội xâm phạm sở hữu")]
    [InlineData(2015, "181", "XVII", "Các tội xâm phạm chế độ hôn nhân và gia đình")]
    [InlineData(2015, "108", "XIII", "Các tội xâm phạm an ninh quốc gia")]
    [InlineData(2015, "109", "XIII", "Các tội xâm phạm an ninh quốc gia")]
    [InlineData(2015, "122", "XIII", "Các tội xâm phạm an ninh quốc gia")]
    [InlineData(2015, "123", "XIV", "Các tội xâm phạm tính mạng, sức khỏe, nhân phẩm, danh dự của con người")]
    [InlineData(2015, "156", "XIV", "Các tội xâm phạm tính mạng, sức khỏe, nhân phẩm, danh dự của con người")]
    [InlineData(2015, "188", "XVIII", "Các tội phạm xâm phạm trật tự quản lý kinh tế")]
    [InlineData(2015, "248", "XX", "Các tội phạm về ma túy")]
    [InlineData(2015, "260", "XXI", "Các tội phạm xâm phạm an toàn công cộng, trật tự công cộng")]
    [InlineData(2015, "353", "XXIII", "Các tội phạm về chức vụ")]
    [InlineData(2015, "421", "XXVI", "Các tội phá hoại hòa bình, chống loài người và tội phạm chiến tranh")]
    [InlineData(2015, "425", "XXVI", "Các tội phá hoại hòa bình, chống loài người và tội phạm chiến tranh")]
    [InlineData(2015, "70", "X", "Xóa án tích")]
    [InlineData(1999, "138", "XIV", "Các tội xâm phạm sở hữu")]
    [InlineData(1999, "78", "XI", "Các tội xâm phạm an ninh quốc gia")]
    [InlineData(1999, "92", "XI", "Các tội xâm phạm an ninh quốc gia")]
    [InlineData(1999, "93", "XII", "Các tội xâm phạm tính mạng, sức khỏe, nhân phẩm, danh dự của con người")]
    [InlineData(1999, "194", "XVIII", "Các tội phạm về ma túy")]
    [InlineData(1999, "164a", "XVI", "Các tội xâm phạm trật tự quản lý kinh tế")]
    [InlineData(1999, "226b", "XIX", "Các tội xâm phạm an toàn công cộng, trật tự công cộng")]
    [InlineData(1999, "344", "XXIV", "Các tội phá hoại hòa bình, chống loài người và tội phạm chiến tranh")]
    [InlineData(1999, "64", "IX", "Xóa án tích")]
    public void penal_code_article_maps_to_its_chapter(int edition, string article, string numeral, string title)
    {
        var found = Code(edition).FindArticle(article);

        Assert.True(found.IsSuccess, found.Error?.Detail);
        Assert.Equal(numeral, found.Value.Chapter!.Numeral);
        Assert.Equal(title, found.Value.Chapter.Title);
        Assert.Equal(edition, found.Value.Edition);
    }

    [Theory]
    [InlineData(2015, 426)]
    [InlineData(1999, 344)]
    public void penal_code_table_covers_every_article_once_in_order(int edition, int lastArticle)
    {
        var code = Code(edition);

        for (var n = 1; n <= lastArticle; n++)
        {
            Assert.True(code.FindArticle(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).IsSuccess, $"article {n}");
        }

        Assert.False(code.FindArticle((lastArticle + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).IsSuccess);
        Assert.Equal(1, code.Chapters[0].FirstArticle);
        Assert.All(code.Chapters.Zip(code.Chapters.Skip(1)), pair => Assert.Equal(pair.First.LastArticle + 1, pair.Second.FirstArticle));
    }

    [Fact]
    public void penal_code_2015_has_26_chapters_offences_from_chapter_XIII_at_article_108()
    {
        var code = PenalCode.Code2015;

        Assert.Equal(26, code.Chapters.Count);
        Assert.Equal("XXVI", code.Chapters[^1].Numeral);
        Assert.Equal(108, code.Chapters.First(c => c.DefinesOffences).FirstArticle);
        Assert.Equal(["XIII", "XXVI"], code.Chapters.Where(c => c.ExpungedOnlyByCourt).Select(c => c.Numeral));
    }

    [Fact]
    public void penal_code_1999_has_24_chapters_offences_from_chapter_XI_at_article_78()
    {
        var code = PenalCode.Code1999;

        Assert.Equal(24, code.Chapters.Count);
        Assert.Equal(78, code.Chapters.First(c => c.DefinesOffences).FirstArticle);
        Assert.Equal(["XI", "XXIV"], code.Chapters.Where(c => c.ExpungedOnlyByCourt).Select(c => c.Numeral));
    }

    [Theory]
    [InlineData("999")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("173a")]
    public void penal_code_rejects_unknown_article(string? article)
    {
        var found = PenalCode.Code2015.FindArticle(article);

        Assert.False(found.IsSuccess);
        Assert.Equal("penal-code.unknown-article", found.Error!.Code);
        Assert.Equal("article", found.Error.Field);
    }

    [Fact]
    public void penal_code_2015_article_426_is_a_final_provision_not_an_offence()
    {
        var found = PenalCode.Code2015.FindOffence("426", new DateOnly(2020, 1, 1));

        Assert.Equal("penal-code.not-an-offence", found.Error!.Code);
        Assert.Null(PenalCode.Code2015.FindArticle("426").Value.Chapter);
    }

    [Fact]
    public void penal_code_general_part_article_is_not_an_offence()
    {
        Assert.Equal("penal-code.not-an-offence", PenalCode.Code2015.FindOffence("70", new DateOnly(2020, 1, 1)).Error!.Code);
    }

    [Fact]
    public void penal_code_2015_article_292_was_repealed_by_law_12_2017_before_taking_force()
    {
        Assert.Equal("penal-code.repealed-article", PenalCode.Code2015.FindOffence("292", new DateOnly(2018, 1, 1)).Error!.Code);
    }

    [Theory]
    [InlineData("2009-12-31", true)]
    [InlineData("2010-01-01", false)]
    public void penal_code_1999_article_199_drug_use_defines_an_offence_only_before_2010(string offenceDate, bool isOffence)
    {
        var found = PenalCode.Code1999.FindOffence("199", DateOnly.Parse(offenceDate, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(isOffence, found.IsSuccess);
    }

    [Fact]
    public void penal_code_finds_offence_articles_whatever_their_spacing_or_case()
    {
        Assert.Equal("173", PenalCode.Code2015.FindOffence(" 173 ", new DateOnly(2020, 1, 1)).Value.Number);
        Assert.Equal("164a", PenalCode.Code1999.FindOffence("164A", new DateOnly(2012, 1, 1)).Value.Number);
    }

    [Theory]
    [InlineData("2017-12-31", 1999)]
    [InlineData("2018-01-01", 2015)]
    [InlineData("2005-06-01", 1999)]
    public void penal_code_for_offence_date_chooses_2015_from_2018(string offenceDate, int edition) =>
        Assert.Equal(edition, PenalCode.For(DateOnly.Parse(offenceDate, System.Globalization.CultureInfo.InvariantCulture)).Edition);

    private static PenalCode Code(int edition) => edition == 2015 ? PenalCode.Code2015 : PenalCode.Code1999;

    [Theory]
    [InlineData("XVI", true)]
    [InlineData(" xvi ", true)]
    [InlineData("16", true)]
    [InlineData("Chương XVI", true)]
    [InlineData("chapter 16", true)]
    [InlineData("XV", false)]
    [InlineData("14", false)]
    [InlineData("-16", false)]
    public void a_chapter_is_named_by_its_roman_numeral_or_the_same_number_in_digits(string stated, bool named)
    {
        var theft = PenalCode.Code2015.FindOffence("173", new DateOnly(2020, 1, 1)).Value;

        Assert.Equal(named, theft.Chapter!.IsNamedBy(stated));
        Assert.True(PenalCode.Code2015.FindOffence("109", new DateOnly(2020, 1, 1)).Value.Chapter!.IsNamedBy("13"));
        Assert.True(PenalCode.Code2015.FindOffence("421", new DateOnly(2020, 1, 1)).Value.Chapter!.IsNamedBy("26"));
    }
}
