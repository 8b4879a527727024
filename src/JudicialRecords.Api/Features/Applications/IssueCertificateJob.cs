using Hangfire;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using Marten;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// Issues the certificate of an approved application. Safe to run twice or concurrently: the issuer
/// returns the application's existing certificate (its registry entry is unique per application), and
/// recording the same certificate number again appends nothing.
/// </summary>
public sealed class IssueCertificateJob(
    IDocumentStore store, CertificateIssuer issuer, ApplicationWriter writer, IssuanceSignals signals, ILogger<IssueCertificateJob> logger)
{
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

        var form = state.FormType == FormType.Form2 ? CertificateForm.Two : CertificateForm.One;
        var certificate = await issuer.IssueAsync(
            subject.PersonalId, new CertificateRequest(form, subject, state.IncludeBankruptcyBan, state.Agency), applicationId, cancellationToken);

        var recorded = await writer.ChangeAsync(applicationId, _ => true, null,
            (current, now) => ApplicationWorkflow.MarkIssued(current, certificate.Number, Actor.System, now), cancellationToken);
        if (recorded.Outcome != ChangeOutcome.Done)
            throw new InvalidOperationException(
                $"Certificate {certificate.Number} could not be recorded on application {applicationId}: "
                + string.Join("; ", recorded.Errors.Select(e => e.Detail)));
        signals.Issued(applicationId);
    }
}
