using Hangfire;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JudicialRecords.Domain.Applications;
using Marten;
using Marten.Subscriptions;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// Follows the application streams from the outside: each issued certificate gets its delivery opened and,
/// for post, dispatched by <see cref="DispatchJob"/>. The daemon keeps this subscription's position in the
/// store, so an issuance whose job was never enqueued (a crash after the commit) is picked up on restart;
/// the job is idempotent, so the rare second enqueue is harmless.
/// </summary>
public sealed class IssuedCertificates(IServiceProvider services) : SubscriptionBase
{
    public override Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        foreach (var e in page.Events)
            if (e.Data is CertificateIssued issued)
                jobs.Enqueue<DispatchJob>(job => job.RunAsync(issued.ApplicationId, CancellationToken.None));
        return Task.FromResult(NullChangeListener.Instance);
    }
}
