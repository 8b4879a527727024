using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Tests.People;

public sealed class PersonalIdTests
{
    [Theory]
    [InlineData("075090001234", "1990-04-12", Sex.Male)]
    [InlineData("001185012345", "1985-12-01", Sex.Female)]
    [InlineData("079205123456", "2005-07-30", Sex.Male)]
    [InlineData("048310654321", "2010-01-01", Sex.Female)]
    [InlineData("001401000001", "2101-02-03", Sex.Male)]
    [InlineData("001599000001", "2199-02-03", Sex.Female)]
    [InlineData("001600000001", "2200-02-03", Sex.Male)]
    [InlineData("001750000001", "2250-02-03", Sex.Female)]
    [InlineData("001800000001", "2300-02-03", Sex.Male)]
    [InlineData("001999000001", "2399-02-03", Sex.Female)]
    public void personal_id_century_sex_and_year_digits_match_birth_date_and_sex(string id, string born, Sex sex)
    {
        var result = PersonalId.Parse(id, Date(born), sex);

        Assert.True(result.IsSuccess, result.Error?.Detail);
        Assert.Equal(id, result.Value.Value);
        Assert.Equal(id[..3], result.Value.ProvinceCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("07509000123")]
    [InlineData("0750900012345")]
    [InlineData("07509000123a")]
    [InlineData("075 90001234")]
    [InlineData("０７５０９０００１２３４")]
    public void personal_id_must_be_exactly_twelve_ascii_digits(string? id)
    {
        var result = PersonalId.Parse(id);

        Assert.False(result.IsSuccess);
        Assert.Equal("personal-id.format", result.Error!.Code);
        Assert.Equal("personalId", result.Error.Field);
    }

    [Theory]
    [InlineData("075290001234", "1990-04-12", Sex.Male, "personal-id.century")]
    [InlineData("075005001234", "2005-04-12", Sex.Male, "personal-id.century")]
    [InlineData("075190001234", "1990-04-12", Sex.Male, "personal-id.sex")]
    [InlineData("075205001234", "2005-04-12", Sex.Female, "personal-id.sex")]
    [InlineData("075091001234", "1990-04-12", Sex.Male, "personal-id.year")]
    [InlineData("075299001234", "2009-04-12", Sex.Male, "personal-id.year")]
    [InlineData("075890001234", "1890-04-12", Sex.Male, "personal-id.century")]
    public void personal_id_contradicting_birth_date_or_sex_is_rejected_naming_the_digit(string id, string born, Sex sex, string code)
    {
        var result = PersonalId.Parse(id, Date(born), sex);

        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error!.Code);
    }

    [Theory]
    [InlineData("2003-01-01", "2019-01-01", 16)]
    [InlineData("2003-01-01", "2018-12-31", 15)]
    [InlineData("2004-02-29", "2020-02-28", 15)]
    [InlineData("2004-02-29", "2021-03-01", 17)]
    [InlineData("2004-02-29", "2021-02-28", 16)]
    public void age_counts_completed_years(string born, string on, int years) =>
        Assert.Equal(years, Age.InYears(Date(born), Date(on)));

    private static DateOnly Date(string value) => DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
