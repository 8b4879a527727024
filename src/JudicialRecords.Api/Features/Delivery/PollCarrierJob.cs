using Hangfire;
using JudicialRecords.Domain.Deliveries;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// Asks the carrier about letters on their way that it has been silent about for
/// <see cref="PollingOptions.SilentAfter"/> (a webhook call can be lost), and records what it missed.
/// Recording is idempotent by event id, so a poll that overlaps a webhook changes nothing twice.
/// </summary>
public sealed class PollCarrierJob(
    IDocumentStore store, ICarrier carrier, TrackingRecorder recorder, DeliveryOptions options, TimeProvider time, ILogger<PollCarrierJob> logger)
{
    public const string RecurringJobId = "delivery-poll-carrier";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
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
}
