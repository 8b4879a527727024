namespace JudicialRecords.Domain.Records;

/// <summary>
/// One conviction and the follow-up facts received about it. Each fact keeps the date it took
/// effect, so the record can be read as it stood on any date.
/// </summary>
public sealed record Conviction(
    Guid ConvictionId,
    string Court,
    string JudgmentNumber,
    DateOnly JudgmentDate,
    DateOnly EffectiveDate,
    DateOnly OffenceDate,
    JudgmentTerms Pronounced,
    long CourtFeeVnd,
    IReadOnlyList<CivilObligation> CivilObligations)
{
    public IReadOnlyList<JudgmentAmendment> Amendments { get; init; } = [];

    public DateOnly? PrincipalPenaltyCompletedOn { get; init; }

    public DateOnly? ProbationCompletedOn { get; init; }

    public DateOnly? AmnestiedOn { get; init; }

    public DateOnly? DeathSentenceCommutedOn { get; init; }

    public DateOnly? EnforcementLimitationLapsedOn { get; init; }

    public DateOnly? FinePaidOn { get; init; }

    public DateOnly? CivilObligationsCompletedOn { get; init; }

    public DateOnly? CourtFeePaidOn { get; init; }

    public IReadOnlyList<SupplementaryPenaltyCompletion> SupplementaryPenaltiesCompleted { get; init; } = [];

    public IReadOnlyList<SentenceReduction> SentenceReductions { get; init; } = [];

    public DateOnly? AnnulledOn { get; init; }

    public IReadOnlyList<CourtExpungementDecision> CourtDecisions { get; init; } = [];

    /// <summary>The judgment as it read on <paramref name="asOf"/>, after the amendments in effect by then.</summary>
    public JudgmentTerms TermsAsOf(DateOnly asOf) =>
        Amendments.Where(a => a.EffectiveDate <= asOf).MaxBy(a => a.EffectiveDate)?.Terms ?? Pronounced;

    /// <summary>
    /// When <paramref name="principal"/> was served as recorded: a warning when the judgment took effect, a fine when
    /// paid, a suspended sentence when its probation ended, any other penalty when completed. Null when not yet.
    /// </summary>
    public DateOnly? PrincipalServedOn(PrincipalPenalty principal) => principal.Type switch
    {
        PrincipalPenaltyType.Warning => EffectiveDate,
        PrincipalPenaltyType.Fine => FinePaidOn,
        PrincipalPenaltyType.Imprisonment when principal.Suspended => ProbationCompletedOn,
        _ => PrincipalPenaltyCompletedOn,
    };

    public bool IsInEffect(DateOnly asOf) => EffectiveDate <= asOf && !(AnnulledOn <= asOf);
}

public sealed record JudgmentAmendment(string DocumentNumber, DateOnly EffectiveDate, JudgmentTerms Terms);

public sealed record SupplementaryPenaltyCompletion(SupplementaryPenaltyType PenaltyType, DateOnly CompletedOn);

public sealed record SentenceReduction(string DocumentNumber, DateOnly EffectiveDate, int ReducedByMonths);

public sealed record CourtExpungementDecision(
    string DocumentNumber,
    DateOnly EffectiveDate,
    CourtExpungementBasis Basis,
    bool Granted,
    string? Reason);
