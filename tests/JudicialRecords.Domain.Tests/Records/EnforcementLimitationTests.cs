using JudicialRecords.Domain.Records;
using static JudicialRecords.Domain.Records.PrincipalPenaltyType;

namespace JudicialRecords.Domain.Tests.Records;

public sealed class EnforcementLimitationTests
{
    private static readonly DateOnly Effective = new(2015, 5, 19);

    [Theory]
    [InlineData(Fine, null, 5)]
    [InlineData(NonCustodialReform, 24, 5)]
    [InlineData(Imprisonment, 36, 5)]
    [InlineData(Imprisonment, 37, 10)]
    [InlineData(Imprisonment, 180, 10)]
    [InlineData(Imprisonment, 181, 15)]
    [InlineData(Imprisonment, 240, 15)]
    public void art60_2_the_limit_runs_from_the_judgment_taking_effect(PrincipalPenaltyType type, int? months, int years) =>
        Assert.Equal(Effective.AddYears(years), EnforcementLimitation.EarliestLapse(new PrincipalPenalty(type, months, null, false, null), Effective));

    [Fact]
    public void art60_3_life_imprisonment_only_after_twenty_years() =>
        Assert.Equal(new DateOnly(2035, 5, 19), EnforcementLimitation.EarliestLapse(new PrincipalPenalty(Life, null, null, false, null), Effective));

    [Theory]
    [InlineData(Warning, null, false)]
    [InlineData(Imprisonment, 24, true)]
    [InlineData(Expulsion, null, false)]
    [InlineData(Death, null, false)]
    public void art60_a_warning_a_suspended_sentence_expulsion_and_death_have_no_lapse_here(PrincipalPenaltyType type, int? months, bool suspended) =>
        Assert.Null(EnforcementLimitation.EarliestLapse(new PrincipalPenalty(type, months, null, suspended, months is null ? null : 24), Effective));
}
