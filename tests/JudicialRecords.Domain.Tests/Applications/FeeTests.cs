using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Domain.Tests.Applications;

public sealed class FeeTests
{
    [Theory]
    [InlineData(FeeCategory.Standard, 1, 200_000)]
    [InlineData(FeeCategory.Standard, 2, 200_000)]
    [InlineData(FeeCategory.Standard, 3, 205_000)]
    [InlineData(FeeCategory.Standard, 5, 215_000)]
    [InlineData(FeeCategory.Reduced, 1, 100_000)]
    [InlineData(FeeCategory.Reduced, 2, 100_000)]
    [InlineData(FeeCategory.Reduced, 4, 110_000)]
    [InlineData(FeeCategory.Exempt, 1, 0)]
    [InlineData(FeeCategory.Exempt, 2, 0)]
    [InlineData(FeeCategory.Exempt, 3, 5_000)]
    [InlineData(FeeCategory.Exempt, 6, 20_000)]
    public void fee_covers_two_copies_and_each_further_copy_costs_5000(FeeCategory category, int copies, long expected) =>
        Assert.Equal(expected, Fees.Due(FeeSchedule.Default, category, copies));

    [Theory]
    [InlineData(FeeCategory.Standard, 1)]
    [InlineData(FeeCategory.Reduced, 2)]
    [InlineData(FeeCategory.Exempt, 6)]
    public void a_procedural_agency_pays_nothing_not_even_for_extra_copies(FeeCategory category, int copies) =>
        Assert.Equal(0, Fees.ForRequest(FeeSchedule.Default, RequesterKind.ProceduralAgency, category, copies));

    [Theory]
    [InlineData(RequesterKind.Self)]
    [InlineData(RequesterKind.Agent)]
    public void a_person_or_an_agent_pays_the_scheduled_fee(RequesterKind requester) =>
        Assert.Equal(205_000, Fees.ForRequest(FeeSchedule.Default, requester, FeeCategory.Standard, 3));

    [Fact]
    public void a_state_body_pays_the_standard_fee_unless_the_schedule_frees_it()
    {
        Assert.Equal(205_000, Fees.ForRequest(FeeSchedule.Default, RequesterKind.StateBody, FeeCategory.Standard, 3));
        Assert.Equal(FeeCategory.Standard, Fees.CategoryFor(FeeSchedule.Default, RequesterKind.StateBody, FeeCategory.Exempt, exemptByAge: true));

        var free = FeeSchedule.Default with { StateBodiesPay = false };
        Assert.Equal(0, Fees.ForRequest(free, RequesterKind.StateBody, FeeCategory.Standard, 3));
        Assert.Equal(FeeCategory.Exempt, Fees.CategoryFor(free, RequesterKind.StateBody, FeeCategory.Standard, exemptByAge: false));
    }

    [Fact]
    public void exemption_can_be_configured_to_cover_extra_copies()
    {
        var schedule = FeeSchedule.Default with { ExemptPaysExtraCopies = false };

        Assert.Equal(0, Fees.Due(schedule, FeeCategory.Exempt, 6));
        Assert.Equal(220_000, Fees.Due(schedule, FeeCategory.Standard, 6));
    }

    [Fact]
    public void amounts_come_from_the_schedule_passed_in()
    {
        var schedule = new FeeSchedule { StandardVnd = 300_000, ReducedVnd = 150_000, CopiesIncluded = 1, ExtraCopyVnd = 10_000 };

        Assert.Equal(320_000, Fees.Due(schedule, FeeCategory.Standard, 3));
        Assert.Equal(150_000, Fees.Due(schedule, FeeCategory.Reduced, 1));
    }

    [Fact]
    public void fewer_than_one_copy_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fees.Due(FeeSchedule.Default, FeeCategory.Standard, 0));
    }
}
