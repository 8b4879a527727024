using JudicialRecords.Api.Features.AgencyRequests;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// What happens once a request is complete (paid, or filed with nothing due): the service reads the
/// record and either approves it in its own name, when the authority allows instant issuance and the
/// case is clear, or files its check so that an approver decides.
/// </summary>
public sealed class InstantIssuance(ApplicationSettings settings, VerificationPlanner verification)
{
    /// <summary>
    /// A record is unambiguous when no conviction in it waits for a court: the person has no record, or
    /// every conviction is, as of today, expunged, not a record, or active with an expungement the law
    /// computes (Art. 70, 107). A still active conviction for an offence expunged only by court decision
    /// (Art. 71: national security, war crimes) needs a person to look at it. Expungement is computed from
    /// the facts, so the certificate states exactly what the record shows.
    /// </summary>
    public static bool IsUnambiguous(CriminalRecord? record, DateOnly today) =>
        record is null
        || record.Convictions.TrueForAll(c => record.ExpungementAsOf(c, today) is var result
            && !(result.Status == ExpungementStatus.Active && result.Basis.StartsWith("Art. 71", StringComparison.Ordinal)));

    /// <summary>The events that follow completion: a verification request, check and approval by the service, or its check for an approver.</summary>
    public async Task<IReadOnlyList<IApplicationEvent>> AfterCompleteAsync(
        Application state, IDocumentSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.Status != ApplicationStatus.Paid || state.Identity != IdentityStatus.Confirmed || state.Subject is null)
            return [];

        var record = await session.LoadAsync<CriminalRecord>(state.Subject.PersonalId, cancellationToken);
        // Pre-2010 police files or an unclear record: the agencies are asked before anyone decides (AgencyRequests).
        var asked = await verification.PlanAsync(state, session, record, now, cancellationToken);
        if (asked.Count > 0) return asked;

        var unambiguous = IsUnambiguous(record, VietnamTime.DateOf(now));
        // Complex cases (several provinces, abroad, a foreigner) may hold records elsewhere: a clerk looks first.
        var clear = unambiguous && state.Complexity == Complexity.None;
        var approved = ApplicationWorkflow.AutoApprove(state, clear, settings.InstantIssuance, now);
        if (approved.IsSuccess) return approved.Events;

        var note = !unambiguous ? "A conviction in the record is expunged only by court decision (Penal Code Art. 71)."
            : state.Complexity != Complexity.None ? $"Complex case ({state.Complexity}): records elsewhere may need verification."
            : ApplicationWorkflow.ReviewReason(state) is { } reason ? reason
            : "Instant issuance is off: an approver decides.";
        var check = ApplicationWorkflow.Check(state, clear ? CheckOutcome.Clear : CheckOutcome.NeedsDecision, note, Actor.System, now);
        return check.Events;
    }
}
