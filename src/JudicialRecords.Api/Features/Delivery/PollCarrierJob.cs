using Hangfire;
using JudicialRecords.Domain.Deliveries;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// Ships the letters whose dispatch was lost or gave up (no tracking number <see cref="PollingOptions.UnshippedAfter"/> after
/// they were asked for), then asks the carrier about letters on their way that it has been silent about for
/// <see cref="PollingOptions.SilentAfter"/> (a webhook call can be lost), and records what it missed. In between, it applies the
/// reports the webhook held for a letter recorded since (see <see cref="TrackingRecorder"/>).
/// Shipping is idempotent by the letter's reference and recording by event id, so a run that overlaps a dispatch job or a
/// webhook changes nothing twice. One letter's failure never stops the others, and shipping never stops the polling.
/// </summary>
public sealed class PollCarrierJob(
    IDocumentStore store, ICarrier carrier, TrackingRecorder recorder, DispatchJob dispatch, DeliveryOptions options, TimeProvider time,
    ILogger<PollCarrierJob> logger)
{
    public const string RecurringJobId = "delivery-poll-carrier";

    /// <summary>
    /// Letters in a row the carrier could not be asked about before a run stops shipping: one letter failing is that letter's problem
    /// (the others are still shipped), several in a row are an outage, in which every request would wait out its timeout for nothing.
    /// </summary>
    public const int OutageAfter = 3;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // No step keeps the next from running: a failure is reported once all are done.
        var failures = new List<Exception>();
        Func<CancellationToken, Task>[] steps =
            [ShipUnshippedAsync, token => recorder.ApplyHeldAsync(options.Polling.BatchSize, token), PollSilentAsync];
        foreach (var step in steps)
        {
            try
            {
                await step(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("Polling the carrier failed in part; the next run tries again.", failures);
    }

    async Task PollSilentAsync(CancellationToken cancellationToken)
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
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Recording what the carrier said about {TrackingNumber} failed; the next run asks again.", trackingNumber);
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

        // A letter the carrier refuses is marked refused by the dispatch and leaves this list; any other failure is that letter's own,
        // and the oldest letters must not keep every later one from being shipped.
        var unavailable = 0;
        foreach (var applicationId in unshipped)
        {
            try
            {
                await dispatch.RunAsync(applicationId, cancellationToken);
                unavailable = 0;
            }
            catch (CarrierUnavailableException e)
            {
                logger.LogWarning(e, "Shipping the letter of application {ApplicationId} failed; the next run tries again.", applicationId);
                if (++unavailable < OutageAfter) continue;
                logger.LogWarning("The carrier failed {Count} letters in a row: shipping stops until the next run.", unavailable);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Shipping the letter of application {ApplicationId} failed; the next run tries again.", applicationId);
            }
        }
    }
}
