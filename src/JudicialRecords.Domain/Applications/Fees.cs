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
}

public static class Fees
{
    /// <summary>
    /// What a request costs. A procedural agency asks in the course of proceedings, as a state body, and
    /// is not charged, extra copies included (our choice: the fee is the requesting person's); anyone
    /// else pays <see cref="Due"/>.
    /// </summary>
    public static long ForRequest(FeeSchedule schedule, RequesterKind requester, FeeCategory category, int copies) =>
        requester == RequesterKind.ProceduralAgency ? 0 : Due(schedule, category, copies);

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
