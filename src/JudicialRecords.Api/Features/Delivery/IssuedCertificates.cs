using Hangfire;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Marten;
using Marten.Subscriptions;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// Follows the application streams from the outside: each issued certificate's letter to post is shipped by
/// <see cref="DispatchJob"/>, the only part that waits on the carrier. The issuance job opens the delivery in its own
/// transaction; one it did not open (a certificate recorded by a later run) is opened here. The
/// daemon keeps this subscription's position in the store, so an issuance whose delivery was not opened (a
/// crash before the position moved) is picked up on restart; opening and the job are idempotent, so doing
/// either again is harmless.
/// </summary>
public sealed class IssuedCertificates(IServiceProvider services) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        List<CertificateIssued> certificates = [.. page.Events.Select(e => e.Data).OfType<CertificateIssued>()];
        if (certificates.Count == 0) return NullChangeListener.Instance;
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        using var scope = services.CreateScope();
        var dispatch = scope.ServiceProvider.GetRequiredService<DispatchJob>();
        // The page's deliveries in one query: nearly all of them were opened with their certificate.
        var opened = (await operations.LoadManyAsync<DeliveryTracking>(cancellationToken,
            certificates.Select(c => DeliveryTracking.KeyOf(c.ApplicationId)))).ToDictionary(t => t.Id);
        foreach (var issued in certificates)
        {
            var delivery = opened.TryGetValue(DeliveryTracking.KeyOf(issued.ApplicationId), out var tracking)
                ? tracking.State
                : await dispatch.OpenAsync(issued.ApplicationId, cancellationToken);
            if (delivery is not null && DeliveryWorkflow.PendingShipment(delivery) is not null)
                jobs.Enqueue<DispatchJob>(job => job.RunAsync(issued.ApplicationId, CancellationToken.None));
        }
        return NullChangeListener.Instance;
    }
}
