using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Applications;

/// <summary>
/// Fee amounts as configuration (Circular 244/2016/TT-BTC Art. 3–4; Circular 16/2025 replaces it with
/// amounts not yet confirmed). The extra-copy charge recovers the cost of printing the form (Circular
/// 244/2016 Art. 3), which is why, by default, an exempt applicant still pays it.
/// </summary>
public sealed record FeeSchedule
{
    public static FeeSchedule Default { get; } = new();

    public long StandardVnd { get; init; } = 200_000;

    /// <summary>Students, people with meritorious service to the revolution, martyrs' relatives.</summary>
    public long ReducedVnd { get; init; } = 100_000;

    /// <summary>
    /// Children, the elderly, people with disabilities, poor households, residents of extremely
    /// disadvantaged or border communes.
    /// </summary>
    public long ExemptVnd { get; init; }

    public int CopiesIncluded { get; init; } = 2;

    public long ExtraCopyVnd { get; init; } = 5_000;

    public bool ExemptPaysExtraCopies { get; init; } = true;

    /// <summary>
    /// Whether a state body asking for Form 1 pays the standard fee. Circular 244/2016 names agencies and organisations
    /// among those who pay, and exempts none of them (as read here; Circular 16/2025's text is unconfirmed): on by default.
    /// </summary>
    public bool StateBodiesPay { get; init; } = true;

    /// <summary>A child (Law on Children 2016 Art. 1: under 16) pays nothing, without claiming it.</summary>
    public int ChildUnderAge { get; init; } = 16;

    /// <summary>An elderly person (Law on the Elderly 2009 Art. 2: 60 and over) pays nothing, without claiming it.</summary>
    public int ElderlyFromAge { get; init; } = 60;

    /// <summary>
    /// Whether the person the certificate is about is exempt by age on <paramref name="today"/>: a birth date the population
    /// register confirmed, so unlike the other exemptions it needs no papers and nobody's review.
    /// </summary>
    public bool ExemptByAge(DateOnly dateOfBirth, DateOnly today) =>
        Age.InYears(dateOfBirth, today) is var age && (age < ChildUnderAge || age >= ElderlyFromAge);
}

public static class Fees
{
    /// <summary>
    /// What a request costs. A procedural agency asks in the course of proceedings and is not charged, extra copies
    /// included (our choice: the fee is the requesting person's); a state body pays the standard fee unless the schedule
    /// frees it (<see cref="FeeSchedule.StateBodiesPay"/>); anyone else pays <see cref="Due"/>.
    /// </summary>
    public static long ForRequest(FeeSchedule schedule, RequesterKind requester, FeeCategory category, int copies) =>
        requester == RequesterKind.ProceduralAgency || (requester == RequesterKind.StateBody && !schedule.StateBodiesPay)
            ? 0
            : Due(schedule, category, copies);

    /// <summary>
    /// The category a request is charged under: nothing is charged to an agency (recorded as exempt, so the fee shown agrees
    /// with the category), a state body pays the standard fee (the reductions and exemptions are people's), and a child or
    /// an elderly person is exempt whatever was claimed (<paramref name="exemptByAge"/>).
    /// </summary>
    public static FeeCategory CategoryFor(FeeSchedule schedule, RequesterKind requester, FeeCategory claimed, bool exemptByAge) => requester switch
    {
        RequesterKind.ProceduralAgency => FeeCategory.Exempt,
        RequesterKind.StateBody => schedule.StateBodiesPay ? FeeCategory.Standard : FeeCategory.Exempt,
        _ => exemptByAge ? FeeCategory.Exempt : claimed,
    };

    /// <summary>The amount due in whole VND for one request of <paramref name="copies"/> copies (at least 1).</summary>
    public static long Due(FeeSchedule schedule, FeeCategory category, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        var fee = category switch
        {
            FeeCategory.Standard => schedule.StandardVnd,
            FeeCategory.Reduced => schedule.ReducedVnd,
            FeeCategory.Exempt => schedule.ExemptVnd,
            _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown fee category."),
        };
        var extraCopies = Math.Max(0, copies - schedule.CopiesIncluded);
        var chargesCopies = category != FeeCategory.Exempt || schedule.ExemptPaysExtraCopies;
        return fee + (chargesCopies ? extraCopies * schedule.ExtraCopyVnd : 0);
    }
}
