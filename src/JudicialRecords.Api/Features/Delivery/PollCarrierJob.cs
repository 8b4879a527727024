using Hangfire;
using JudicialRecords.Domain.Deliveries;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// Ships the letters whose dispatch was lost or gave up (no tracking number <see cref="PollingOptions.UnshippedAfter"/> after
/// they were asked for), then asks the carrier about letters on their way that it has been silent about for
/// <see cref="PollingOptions.SilentAfter"/> (a webhook call can be lost), and records what it missed.
/// Shipping is idempotent by the letter's reference and recording by event id, so a run that overlaps a dispatch job or a
/// webhook changes nothing twice.
/// </summary>
public sealed class PollCarrierJob(
    IDocumentStore store, ICarrier carrier, TrackingRecorder recorder, DispatchJob dispatch, DeliveryOptions options, TimeProvider time,
    ILogger<PollCarrierJob> logger)
{
    public const string RecurringJobId = "delivery-poll-carrier";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ShipUnshippedAsync(cancellationToken);
        var silentSince = time.GetUtcNow() - options.Polling.SilentAfter;
        IReadOnlyList<DeliveryTracking> silent;
        await using (var session = store.QuerySession())
            silent = await session.Query<DeliveryTracking>()
                .Where(d => d.OnItsWay && d.LastHeardAt <= silentSince)
                .OrderBy(d => d.LastHeardAt)
                .Take(options.Polling.BatchSize)
                .ToListAsync(cancellationToken);

        foreach (var tracking in silent)
        {
            var trackingNumber = tracking.State.CurrentShipment!.TrackingNumber!;
            try
            {
                var shipment = await carrier.FindShipmentAsync(trackingNumber, cancellationToken);
                if (shipment is null)
                {
                    logger.LogWarning("The carrier does not know {TrackingNumber} (application {ApplicationId}).", trackingNumber, tracking.ApplicationId);
                    continue;
                }
                foreach (var e in shipment.Events)
                    if (e is { EventId: { Length: > 0 } id, Status: { } status, OccurredAt: { } occurredAt })
                        await recorder.RecordAsync(trackingNumber, new TrackingEvent(id, status, occurredAt.ToUniversalTime(), e.Location), "poll",
                            cancellationToken);
            }
            catch (CarrierUnavailableException e)
            {
                logger.LogWarning(e, "Polling the carrier about {TrackingNumber} failed; the next run asks again.", trackingNumber);
            }
        }
    }

    async Task ShipUnshippedAsync(CancellationToken cancellationToken)
    {
        var askedBefore = time.GetUtcNow() - options.Polling.UnshippedAfter;
        IReadOnlyList<Guid> unshipped;
        await using (var session = store.QuerySession())
            unshipped = await session.Query<DeliveryTracking>()
                .Where(d => d.UnshippedSince <= askedBefore)
                .OrderBy(d => d.UnshippedSince)
                .Select(d => d.ApplicationId)
                .Take(options.Polling.BatchSize)
                .ToListAsync(cancellationToken);

        foreach (var applicationId in unshipped)
        {
            try
            {
                await dispatch.RunAsync(applicationId, cancellationToken);
            }
            catch (CarrierUnavailableException e)
            {
                logger.LogWarning(e, "Shipping the letter of application {ApplicationId} failed; the next run tries again.", applicationId);
                return; // the carrier is down: the others would fail the same way
            }
        }
    }
}
