namespace JudicialRecords.Domain.Records;

/// <summary>
/// Old files (digitised records, police answers about pre-2010 convictions) say only that a judgment
/// was served in full on a date ("đã chấp hành xong bản án"). This turns that statement into the
/// follow-up facts the expungement rules read, each taking effect the day the judgment was completed and dated as the
/// document that says so (a police answer's date; a digitised file has none of its own: the completion date).
/// </summary>
public static class CompletedJudgment
{
    public static IReadOnlyList<IConvictionEvent> FollowUps(JudgmentTookEffect judgment, DateOnly completedOn, string source, string documentNumber,
        DateOnly? documentDate = null) =>
        FollowUps(judgment.ConvictionId, judgment.Terms, judgment.CivilObligations, judgment.CourtFeeVnd, completedOn, source, documentNumber,
            documentDate ?? completedOn);

    /// <summary>
    /// The same for a judgment already on record, as it read when it was completed, but only the facts the record lacks: one
    /// reported by the agency that enforced it (a THADS certificate that the compensation was paid in 2023, say) dates that fact
    /// better than a file's "served in full", and moving it earlier would expunge the record too soon.
    /// </summary>
    public static IReadOnlyList<IConvictionEvent> FollowUps(Conviction conviction, DateOnly completedOn, string source, string documentNumber,
        DateOnly? documentDate = null) =>
        [.. FollowUps(conviction.ConvictionId, conviction.TermsAsOf(completedOn), conviction.CivilObligations, conviction.CourtFeeVnd, completedOn,
            source, documentNumber, documentDate ?? completedOn).Where(e => !OnRecord(conviction, e))];

    static bool OnRecord(Conviction c, IConvictionEvent fact) => fact switch
    {
        PrincipalPenaltyCompleted => c.PrincipalPenaltyCompletedOn is not null,
        ProbationCompleted => c.ProbationCompletedOn is not null,
        SupplementaryPenaltyCompleted s => c.SupplementaryPenaltiesCompleted.Any(done => done.PenaltyType == s.PenaltyType),
        FinePaid => c.FinePaidOn is not null,
        CivilObligationsCompleted => c.CivilObligationsCompletedOn is not null,
        CourtFeePaid => c.CourtFeePaidOn is not null,
        _ => false,
    };

    static IReadOnlyList<IConvictionEvent> FollowUps(Guid id, JudgmentTerms terms, IReadOnlyList<CivilObligation> civilObligations, long courtFeeVnd,
        DateOnly completedOn, string source, string documentNumber, DateOnly documentDate)
    {
        var events = new List<IConvictionEvent>();
        if (terms.PrincipalPenalty is { } principal)
        {
            events.Add(principal.Suspended
                ? new ProbationCompleted(id, source, documentNumber, documentDate, completedOn)
                : new PrincipalPenaltyCompleted(id, source, documentNumber, documentDate, completedOn));
        }
        foreach (var supplementary in terms.SupplementaryPenalties.Where(p => p.Type is not SupplementaryPenaltyType.Fine))
            events.Add(new SupplementaryPenaltyCompleted(id, source, documentNumber, documentDate, completedOn, supplementary.Type));
        var principalFine = terms.PrincipalPenalty?.Type == PrincipalPenaltyType.Fine;
        if (principalFine || terms.SupplementaryPenalties.Any(p => p.Type == SupplementaryPenaltyType.Fine))
            events.Add(new FinePaid(id, source, documentNumber, documentDate, completedOn, principalFine ? terms.PrincipalPenalty!.FineVnd ?? 0 : 0));
        if (civilObligations.Count > 0)
            events.Add(new CivilObligationsCompleted(id, source, documentNumber, documentDate, completedOn));
        if (courtFeeVnd > 0)
            events.Add(new CourtFeePaid(id, source, documentNumber, documentDate, completedOn, courtFeeVnd));
        return events;
    }
}
