using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Tests.Records;

public sealed class CriminalRecordTests
{
    [Fact]
    public void record_takes_its_id_and_person_from_the_first_judgment()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(RecordBuilder.Prison(12), new(2019, 1, 1), new(2019, 6, 1));

        Assert.Equal("001080001234", builder.Record.Id);
        Assert.Equal("Nguyễn Văn An", builder.Record.Person!.FullName);
        Assert.Equal("TAND tỉnh Đồng Nai", builder.Record.FindConviction(id)!.Court);
    }

    [Fact]
    public void follow_up_for_an_unknown_conviction_changes_nothing()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(RecordBuilder.Prison(12), new(2019, 1, 1), new(2019, 6, 1));

        builder.Record.Apply(new PrincipalPenaltyCompleted(Guid.NewGuid(), "CA-DNA", "1/GCN", new(2020, 6, 1), new(2020, 6, 1)));

        Assert.Null(builder.Record.FindConviction(id)!.PrincipalPenaltyCompletedOn);
    }

    [Fact]
    public void person_details_update_replaces_the_identity_data()
    {
        var builder = new RecordBuilder();
        builder.Convict(RecordBuilder.Prison(12), new(2019, 1, 1), new(2019, 6, 1));
        var moved = builder.Record.Person! with { Residence = "Quận 1, TP. Hồ Chí Minh" };

        builder.Record.Apply(new PersonDetailsUpdated("CA-HCM", "5/TB", new(2022, 1, 1), new(2022, 1, 1), moved));

        Assert.Equal("Quận 1, TP. Hồ Chí Minh", builder.Record.Person!.Residence);
    }

    [Fact]
    public void a_later_judgment_does_not_overwrite_the_identity_data()
    {
        var builder = new RecordBuilder();
        builder.Convict(RecordBuilder.Prison(12), new(2019, 1, 1), new(2019, 6, 1));
        var moved = builder.Record.Person! with { Residence = "Quận 1, TP. Hồ Chí Minh" };
        builder.Record.Apply(new PersonDetailsUpdated("CA-HCM", "5/TB", new(2022, 1, 1), new(2022, 1, 1), moved));

        builder.Convict(RecordBuilder.Prison(6), new(2018, 1, 1), new(2018, 6, 1));

        Assert.Equal("Quận 1, TP. Hồ Chí Minh", builder.Record.Person!.Residence);
        Assert.Equal(new DateOnly(2022, 1, 1), builder.Record.PersonDetailsAsOf);
    }

    [Fact]
    public void art_107_an_offence_of_unstated_class_at_seventeen_keeps_the_record()
    {
        var builder = new RecordBuilder(new DateOnly(2001, 1, 1));
        var unstated = new Offence("173", "1", "Trộm cắp tài sản", "XVI", Severity: null, Negligent: false);
        var id = builder.Convict(RecordBuilder.Prison(12), new(2018, 6, 1), new(2018, 12, 1), [unstated]);

        var result = builder.Record.ExpungementAsOf(builder.Record.FindConviction(id)!, new DateOnly(2019, 1, 1));

        Assert.Equal(ExpungementStatus.Active, result.Status);
    }

    [Fact]
    public void bankruptcy_ban_lapses_at_the_end_of_its_term()
    {
        var record = new CriminalRecord();
        record.Apply(new BankruptcyBanImposed(
            Guid.NewGuid(), "TAND-DNA", "12/2021/QĐ-TBPS", new(2021, 3, 1), new(2021, 3, 10),
            "TAND tỉnh Đồng Nai", "Giám đốc doanh nghiệp", new DateOnly(2021, 3, 10), Months: 36));
        var ban = Assert.Single(record.BankruptcyBans);

        Assert.False(ban.IsInForce(new DateOnly(2021, 3, 9)));
        Assert.True(ban.IsInForce(new DateOnly(2021, 3, 10)));
        Assert.True(ban.IsInForce(new DateOnly(2024, 3, 9)));
        Assert.False(ban.IsInForce(new DateOnly(2024, 3, 10)));
    }

    [Fact]
    public void expungement_reads_the_birth_date_from_the_record()
    {
        var builder = new RecordBuilder(new DateOnly(2004, 1, 1));
        var id = builder.Convict(RecordBuilder.Prison(12), new(2019, 1, 1), new(2019, 6, 1));

        var result = builder.Record.ExpungementAsOf(builder.Record.FindConviction(id)!, new DateOnly(2020, 1, 1));

        Assert.Equal(ExpungementStatus.NoRecord, result.Status);
        Assert.Equal(Sex.Male, builder.Record.Person!.Sex);
    }
}
