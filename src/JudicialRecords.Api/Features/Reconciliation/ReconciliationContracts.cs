using JudicialRecords.Domain.Reconciliation;

namespace JudicialRecords.Api.Features.Reconciliation;

// Every field is nullable on the wire so that a missing one is reported by name.

/// <summary>
/// A court's list of what it decided in a period, to compare with what the department holds of that court.
/// A judgment with several convicted people is listed once per person.
/// </summary>
public sealed record ReconciliationRequest(string? Court, DateOnly? From, DateOnly? To, IReadOnlyList<ListedJudgmentRequest?>? Judgments);

public sealed record ListedJudgmentRequest(string? JudgmentNumber, DateOnly? JudgmentDate, string? PersonalId);

/// <summary>How many entries each side had and how they compared.</summary>
/// <param name="DepartmentCount">Convictions of the court with a judgment date in the period held here, annulled ones left out.</param>
/// <param name="Annulled">Listed by the court, but annulled here by a later cassation or re-trial decision.</param>
public sealed record ReconciliationCounts(
    int CourtCount, int DepartmentCount, int Matched, int MissingHere, int MissingAtCourt, int Mismatched, int Annulled)
{
    public static ReconciliationCounts Of(ReconciliationResult r) => new(
        r.CourtCount, r.DepartmentCount, r.Matched, r.MissingHere.Count, r.MissingAtCourt.Count, r.Mismatched.Count, r.Annulled.Count);
}

/// <summary>Who reconciled which period, when, and the counts: what the quarterly report shows of a reconciliation.</summary>
public class ReconciliationSummary
{
    public Guid ReconciliationId { get; init; }

    public string Court { get; init; } = "";

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public DateTimeOffset PostedAt { get; init; }

    /// <summary>The agency code of the token that posted it.</summary>
    public string PostedBy { get; init; } = "";

    public ReconciliationCounts Counts { get; init; } = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>A reconciliation with its lists: the answer to the court, and what is stored as evidence.</summary>
public sealed class ReconciliationView : ReconciliationSummary
{
    /// <summary>Listed by the court, but no conviction here has that judgment number and personal ID.</summary>
    public IReadOnlyList<ListedJudgment> MissingHere { get; init; } = [];

    /// <summary>Held here with a judgment date in the period, but not listed by the court.</summary>
    public IReadOnlyList<HeldJudgment> MissingAtCourt { get; init; } = [];

    /// <summary>The same judgment number on both sides with another judgment date, or (one person each side) another personal ID.</summary>
    public IReadOnlyList<Mismatch> Mismatched { get; init; } = [];

    /// <summary>Listed by the court, held here but annulled since: not counted as held.</summary>
    public IReadOnlyList<HeldJudgment> Annulled { get; init; } = [];
}

/// <summary>One court in the quarterly report.</summary>
/// <param name="JudgmentsHeld">Convictions of the court with a judgment date in the quarter held here, annulled ones left out.</param>
/// <param name="Status">reconciled: a reconciliation covers the whole quarter; partial: some cover part of it; notReconciled: none touches it.</param>
/// <param name="LastReconciliation">The latest covering the quarter (reconciled), else the latest touching it; null when none.</param>
public sealed record CourtQuarter(string Court, int JudgmentsHeld, ReconciliationCoverage Status, ReconciliationSummary? LastReconciliation);

/// <summary>Per court that holds judgments of the quarter here or reconciled any part of it.</summary>
public sealed record QuarterlyReconciliationReport(string Quarter, DateOnly From, DateOnly To, IReadOnlyList<CourtQuarter> Courts);
