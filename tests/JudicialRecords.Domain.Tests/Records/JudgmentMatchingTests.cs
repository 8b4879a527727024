using System.Text;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Tests.Records;

/// <summary>One judgment is on a person's record once, however the court that handed it down is written.</summary>
public sealed class JudgmentMatchingTests
{
    static readonly PersonDetails Person = new(
        "075075000123", "Trần Văn Bình", [], new DateOnly(1975, 4, 12), Sex.Male, null, "Việt Nam", null, null, null, null, null);

    static readonly DateOnly Judged = new(2008, 3, 10);

    static readonly CriminalRecord Record = CriminalRecord.Replay(Person.PersonalId,
    [
        new JudgmentTookEffect(Guid.NewGuid(), "TAND-DNA", "112/2008/HSST", Judged, Judged.AddDays(15), "TAND-DNA", new(2007, 11, 2), Person,
            new JudgmentTerms([RecordBuilder.Theft], RecordBuilder.Prison(24), []), 200_000, []),
    ]);

    [Theory]
    [InlineData("the court's code, as pushed", "TAND-DNA", "112/2008/HSST")]
    [InlineData("another case and spacing", "tand-dna ", " 112/2008/hsst")]
    [InlineData("the court as the police files write it, same day", "TAND tỉnh Đồng Nai", "112/2008/HSST")]
    public void the_same_judgment_is_found_however_its_court_is_written(string because, string court, string number)
    {
        Assert.True(Record.FindJudgment(court, number, Judged) is not null, because);
        Assert.True(Record.FindOnRecord(Guid.NewGuid(), court, number, Judged) is not null, because);
    }

    [Fact]
    public void a_court_name_in_another_unicode_form_is_the_same_court()
    {
        var record = CriminalRecord.Replay(Person.PersonalId,
        [
            new JudgmentTookEffect(Guid.NewGuid(), "CA-DNA", "7/2005/HSST", new(2005, 1, 4), new(2005, 1, 19), "TAND tỉnh Đồng Nai", new(2004, 9, 1),
                Person, new JudgmentTerms([RecordBuilder.Theft], RecordBuilder.Prison(12), []), 0, []),
        ]);

        Assert.NotNull(record.FindJudgment("TAND tỉnh Đồng Nai".Normalize(NormalizationForm.FormD), "7/2005/HSST"));
    }

    [Fact]
    public void another_number_or_the_same_number_of_another_court_on_another_day_is_another_judgment()
    {
        Assert.Null(Record.FindJudgment("TAND-DNA", "113/2008/HSST", Judged));
        Assert.Null(Record.FindJudgment("TAND tỉnh Bình Dương", "112/2008/HSST", Judged.AddDays(1)));
        Assert.Null(Record.FindJudgment("TAND tỉnh Bình Dương", "112/2008/HSST"));
    }
}
