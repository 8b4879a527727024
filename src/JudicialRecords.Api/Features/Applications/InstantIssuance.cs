using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Features.AgencyRequests;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.People;
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
    /// Why a person (or the police files) must look at the record before a certificate states it, or null when it is
    /// unambiguous: no record, or every conviction, as of today, expunged, not a record, or active with an expungement the law
    /// computes (Art. 70, 107) or still being served. Two things are not: an active conviction for an offence expunged only by
    /// court decision (Art. 71: national security, war crimes); and one whose penalty would have run its whole course by
    /// now but whose completion (release, probation, fine, civil obligations…) was never reported, where the expungement
    /// the law may already grant must be verified (domain reference §5: a complex case). Printing "Có án tích" on it
    /// unverified could misstate a record that is in fact expunged. Only the second is for the police files, who keep
    /// releases (<see cref="ToVerify"/>); the first, and a third, <see cref="ForApprover"/>, a person settles (a court's
    /// decision, the judgment); on Form 2, which prints expunged convictions too, the third is asked of those as well.
    /// </summary>
    public static string? Unclear(CriminalRecord? record, DateOnly today, FormType form = FormType.Form1)
    {
        var active = Active(record, today);
        return ToVerify(active, today) ?? CourtOnly(active)
            ?? ForApprover(record, form == FormType.Form2 ? Printed(record, today, CertificateForm.Two) : active, today);
    }

    /// <summary>What makes the record unclear that the police files settle, so they are asked about it (<see cref="Unclear"/>).</summary>
    public static string? ToVerify(CriminalRecord? record, DateOnly today) => ToVerify(Active(record, today), today);

    static string? ToVerify(IReadOnlyList<(Conviction Conviction, ExpungementResult Result)> active, DateOnly today)
    {
        // An Art. 71 conviction has no date the law computes either: a release found would not expunge it, so it is not this.
        foreach (var (c, result) in active)
            if (result.DueOn is null && !CourtOnly(result) && c.RanItsCourseBy(today) is { } end && end < today)
                return $"Expungement to verify (Penal Code Art. 70): the penalty of judgment {c.JudgmentNumber} would have been served by "
                       + $"{end:yyyy-MM-dd}, but its completion was never reported.";
        return null;
    }

    /// <summary>
    /// An active conviction that only a court decision expunges (Art. 71): whether one was granted and not reported is the
    /// court's to say, not the police files', so an approver weighs it.
    /// </summary>
    static string? CourtOnly(IReadOnlyList<(Conviction Conviction, ExpungementResult Result)> active) =>
        active.Any(x => CourtOnly(x.Result))
            ? "A conviction in the record is expunged only by court decision (Penal Code Art. 71): an approver weighs it."
            : null;

    static bool CourtOnly(ExpungementResult result) => result.Basis.StartsWith("Art. 71", StringComparison.Ordinal);

    /// <summary>
    /// A judgment that does not state the class of an offence committed under 18, which decides whether it leaves a record
    /// (Art. 107(1)(b)); the class is an addition to api.md's offence fields. The record keeps it, an approver reads the
    /// judgment, and the police are not asked: their answer cannot change a judgment already on record.
    /// </summary>
    static string? ForApprover(CriminalRecord? record, IReadOnlyList<(Conviction Conviction, ExpungementResult Result)> active, DateOnly today)
    {
        foreach (var (c, _) in active)
            if (record!.Person is { } person && Age.InYears(person.DateOfBirth, c.OffenceDate) < 18
                && c.TermsAsOf(today).Offences.Any(o => o.Severity is null))
                return $"Judgment {c.JudgmentNumber} does not state the class of an offence committed under 18, which decides whether it "
                       + "leaves a record (Penal Code Art. 107(1)(b)): read the judgment.";
        return null;
    }

    /// <summary>The active convictions with their expungement as of today, computed once for both kinds of reason.</summary>
    static IReadOnlyList<(Conviction Conviction, ExpungementResult Result)> Active(CriminalRecord? record, DateOnly today) =>
        Printed(record, today, CertificateForm.One);

    /// <summary>The convictions <paramref name="form"/> prints as of today (<see cref="CertificateContent.Prints"/>), with their expungement.</summary>
    static IReadOnlyList<(Conviction Conviction, ExpungementResult Result)> Printed(CriminalRecord? record, DateOnly today, CertificateForm form) =>
        [.. (record?.Convictions ?? []).Select(c => (c, record!.ExpungementAsOf(c, today)))
            .Where(x => CertificateContent.Prints(form, x.Item2.Status))];

    public static bool IsUnambiguous(CriminalRecord? record, DateOnly today, FormType form) => Unclear(record, today, form) is null;

    /// <summary>The events that follow completion: a verification request, check and approval by the service, or its check for an approver.</summary>
    public async Task<IReadOnlyList<IApplicationEvent>> AfterCompleteAsync(
        Application state, IDocumentSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.Status != ApplicationStatus.Paid || state.Identity != IdentityStatus.Confirmed || state.Subject is null)
            return [];

        var record = await session.LoadRecordAsync(state.Subject.PersonalId, cancellationToken);
        // Pre-2010 police files or a release to verify: the agencies are asked before anyone decides (AgencyRequests).
        var asked = await verification.PlanAsync(state, session, record, now, cancellationToken);
        if (asked.Count > 0) return asked;

        var unclear = Unclear(record, VietnamTime.DateOf(now), state.FormType);
        var unambiguous = unclear is null;
        // Complex cases (several provinces, abroad, a foreigner) may hold records elsewhere: a clerk looks first.
        var clear = unambiguous && state.Complexity == Complexity.None;
        var approved = ApplicationWorkflow.AutoApprove(state, clear, settings.InstantIssuance, now);
        if (approved.IsSuccess) return approved.Events;

        var note = unclear is not null ? unclear
            : state.Complexity != Complexity.None ? $"Complex case ({state.Complexity}): records elsewhere may need verification."
            : ApplicationWorkflow.ReviewReason(state) is { } reason ? reason
            : "Instant issuance is off: an approver decides.";
        var check = ApplicationWorkflow.Check(state, clear ? CheckOutcome.Clear : CheckOutcome.NeedsDecision, note, Actor.System, now);
        return check.Events;
    }
}
