using Hangfire;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using Marten;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// Issues the certificate of an approved application, and records it on the application in the same transaction as
/// the certificate's registry entry. Safe to run twice or concurrently: the registry entry is unique per application,
/// so a second run's certificate and record roll back together, and the issuer returns the existing certificate, which
/// is then recorded if it is not yet (recording the same number again appends nothing).
/// </summary>
public sealed class IssueCertificateJob(
    IDocumentStore store, CertificateIssuer issuer, ApplicationWriter writer, IssuanceSignals signals, TimeProvider time,
    ILogger<IssueCertificateJob> logger)
{
    /// <summary>Enqueues the job for <paramref name="applicationId"/>: it takes the id only, so no personal data ever sits in the job queue.</summary>
    public static void Enqueue(IBackgroundJobClient jobs, Guid applicationId) =>
        jobs.Enqueue<IssueCertificateJob>(job => job.RunAsync(applicationId, CancellationToken.None));

    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        ApplicationSnapshot? snapshot;
        await using (var session = store.QuerySession())
            snapshot = await session.LoadAsync<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(applicationId), cancellationToken);

        if (snapshot?.State is not { Subject: { } subject } state)
        {
            logger.LogWarning("Issuance for unknown application {ApplicationId}: nothing to do.", applicationId);
            return;
        }
        if (state.CertificateNumber is not null) return;
        if (state.Status != ApplicationStatus.Approved)
        {
            logger.LogWarning("Application {ApplicationId} is {Status}, not approved: nothing issued.", applicationId, state.Status);
            return;
        }

        var form = CertificateForms.Of(state.FormType);
        string? recordedWith = null;
        var certificate = await issuer.IssueAsync(
            subject.PersonalId, new CertificateRequest(form, subject, state.IncludeBankruptcyBan, state.Agency, state.Body), applicationId, cancellationToken,
            alongside: (session, issued) =>
            {
                // Only this job appends to an approved application, and a concurrent run's transaction fails on the
                // registry's unique index: the state read above is the one the new event follows.
                var now = time.GetUtcNow();
                var marked = ApplicationWorkflow.MarkIssued(state, issued.Number, Actor.System, now);
                if (!marked.IsSuccess) throw new InvalidOperationException(string.Join("; ", marked.Errors.Select(e => e.Detail)));
                session.Events.Append(ApplicationSnapshot.KeyOf(applicationId), marked.Events);
                // Its delivery opens with it, saving IssuedCertificates a transaction of its own for each certificate.
                session.Events.StartStream<DeliveryTracking>(DeliveryTracking.KeyOf(applicationId), [.. DispatchJob.Opening(state, issued.Number, now).Events]);
                session.Insert(ReadFor(state, issued));
                recordedWith = issued.Number;
            });

        if (certificate.Number != recordedWith)
        {
            // Issued before (a run that stopped between the two writes of earlier versions) or by a concurrent run.
            var recorded = await writer.ChangeAsync(applicationId, _ => true, null,
                (current, now) => ApplicationWorkflow.MarkIssued(current, certificate.Number, Actor.System, now), cancellationToken);
            if (recorded.Outcome != ChangeOutcome.Done)
                throw new InvalidOperationException(
                    $"Certificate {certificate.Number} could not be recorded on application {applicationId} ({recorded.Outcome}): "
                    + string.Join("; ", recorded.Errors.Select(e => e.Detail)));
        }
        signals.Issued(applicationId);
    }

    /// <summary>
    /// A certificate is a read of the person's record (api.md: every read is recorded and shown to the person): on whose
    /// request (who filed it, the agency or state body it came from) and for what purpose, committed with the certificate.
    /// A procedural agency's is recorded as confidential: the person must not learn of an investigation from their own
    /// access list (they do not see the agency's request either).
    /// </summary>
    static RecordAccess ReadFor(Application state, CertificateRecord issued) => new()
    {
        Id = Guid.CreateVersion7(), PersonalId = issued.PersonalId, View = "certificate", AsOf = issued.IssuedOn,
        Role = state.SubmittedBy?.Role ?? "", Agency = state.Agency?.Code ?? state.Body?.Name,
        Subject = state.Applicant?.PersonalId ?? state.SubmittedBy?.UserId, Purpose = state.Purpose,
        Found = issued.RecordVersion > 0, AccessedAt = issued.IssuedAt, Confidential = state.RequesterKind == RequesterKind.ProceduralAgency,
    };
}
