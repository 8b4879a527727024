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

    public DateOnly? ExemptedOn { get; init; }

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

    /// <summary>
    /// The latest day the principal penalty (as it read on <paramref name="asOf"/>) would have been served had it run its
    /// whole course from the day the judgment took effect: at once for a warning or a fine, at the end of the probation of a
    /// suspended sentence, at the end of a term. Detention before the judgment and reductions only bring it earlier. Null
    /// for life, death, expulsion, or a term the judgment does not state: nothing says when they end.
    /// </summary>
    public DateOnly? RanItsCourseBy(DateOnly asOf) => TermsAsOf(asOf).PrincipalPenalty switch
    {
        { Type: PrincipalPenaltyType.Warning or PrincipalPenaltyType.Fine } => EffectiveDate,
        { Type: PrincipalPenaltyType.Imprisonment, Suspended: true, ProbationMonths: { } probation } => EffectiveDate.AddMonths(probation),
        { Type: PrincipalPenaltyType.Imprisonment or PrincipalPenaltyType.NonCustodialReform, Suspended: false, Months: { } months } =>
            EffectiveDate.AddMonths(months),
        _ => null,
    };

    public bool IsInEffect(DateOnly asOf) =>
        EffectiveDate <= asOf && !(AnnulledOn <= asOf) && !(DecriminalisedOn(TermsAsOf(asOf)) <= asOf);

    /// <summary>
    /// Whether an offence of <paramref name="terms"/> is of a chapter that only a court decision expunges (Art. 71: XIII and
    /// XXVI); one such offence puts the whole judgment under Art. 71 (Art. 73(3)). The chapter is taken from the code's table
    /// and from the judgment; either suffices, so a miscoded article number can never let a national-security conviction
    /// lapse automatically.
    /// </summary>
    public bool ExpungedOnlyByCourt(JudgmentTerms terms)
    {
        var code = Law.PenalCode.For(OffenceDate);
        return terms.Offences.Any(o =>
        {
            var article = code.FindArticle(o.Article);
            return (article.IsSuccess && article.Value.Chapter?.ExpungedOnlyByCourt == true)
                || code.ChapterByNumeral(o.Chapter)?.ExpungedOnlyByCourt == true;
        });
    }

    /// <summary>
    /// The offences of <paramref name="terms"/> that are still offences on <paramref name="asOf"/>: one whose article (of the
    /// code in force when it was committed) was repealed by then is no longer printed (domain reference §2).
    /// </summary>
    public IEnumerable<Offence> OffencesStanding(JudgmentTerms terms, DateOnly asOf) =>
        terms.Offences.Where(o => !(RepealedOn(o) <= asOf));

    /// <summary>
    /// From when no offence of <paramref name="terms"/> (the judgment as it read then) is an offence any more, its articles of
    /// the code in force when it was committed having been repealed: the latest of their repeal dates; null while one still
    /// stands. Domain reference §2: an offence later decriminalised is removed from the record.
    /// </summary>
    public DateOnly? DecriminalisedOn(JudgmentTerms terms)
    {
        DateOnly? latest = null;
        foreach (var offence in terms.Offences)
        {
            if (RepealedOn(offence) is not { } repealed) return null;
            if (latest is null || repealed > latest) latest = repealed;
        }
        return latest;
    }

    /// <summary>When the offence's article, in the code in force when it was committed, was repealed; null while it stands.</summary>
    DateOnly? RepealedOn(Offence offence) =>
        Law.PenalCode.For(OffenceDate).FindArticle(offence.Article) is { IsSuccess: true } article ? article.Value.RepealedOn : null;
}

/// <param name="Court">The court that decided it (appeal, cassation, re-trial); null in records kept before it was.</param>
/// <param name="DocumentDate">The date of its judgment or decision; null in records kept before it was.</param>
public sealed record JudgmentAmendment(
    string DocumentNumber, DateOnly EffectiveDate, JudgmentTerms Terms, string? Court = null, DateOnly? DocumentDate = null);

public sealed record SupplementaryPenaltyCompletion(SupplementaryPenaltyType PenaltyType, DateOnly CompletedOn);

public sealed record SentenceReduction(string DocumentNumber, DateOnly EffectiveDate, int ReducedByMonths);

public sealed record CourtExpungementDecision(
    string DocumentNumber,
    DateOnly EffectiveDate,
    CourtExpungementBasis Basis,
    bool Granted,
    string? Reason);
