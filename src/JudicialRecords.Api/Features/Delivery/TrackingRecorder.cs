using JudicialRecords.Domain.Deliveries;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

public enum TrackingOutcome
{
    Recorded,
    Repeat,

    /// <summary>No letter travels under the tracking number yet: the report is kept until one does.</summary>
    Held,

    /// <summary>The letter linked to the tracking number does not know it.</summary>
    UnknownShipment,
}

/// <summary>
/// A carrier report about a tracking number no letter of this service travels under yet, kept (by the carrier's event id) until one
/// does: the dispatch creates the shipment at the carrier before it commits the tracking number, and a report can come in between.
/// </summary>
public sealed record HeldTrackingReport(string Id, string TrackingNumber, TrackingEvent Event, string Via, DateTimeOffset ReceivedAt);

/// <summary>
/// Records a carrier report, whichever way it came (webhook or polling); a delivery is carried over to the application with it.
/// A report is never dropped once received: one about a tracking number not yet recorded is held and applied when it is.
/// </summary>
public sealed class TrackingRecorder(IDocumentStore store, DeliveryWriter writer, TimeProvider time, ILogger<TrackingRecorder> logger)
{
    /// <summary>
    /// How long a report about a tracking number no letter of ours ever travelled under is kept: long past any dispatch still
    /// retrying, and long enough for staff to look into what the carrier sent.
    /// </summary>
    public static readonly TimeSpan HeldFor = TimeSpan.FromDays(30);

    public async Task<TrackingOutcome> RecordAsync(string trackingNumber, TrackingEvent report, string via, CancellationToken cancellationToken)
    {
        if (await LinkAsync(trackingNumber, cancellationToken) is { } link) return await ApplyAsync(link, report, via, cancellationToken);

        var held = new HeldTrackingReport(report.EventId, trackingNumber, report, via, time.GetUtcNow());
        await using (var session = store.LightweightSession())
        {
            session.Store(held);
            await session.SaveChangesAsync(cancellationToken);
        }
        // A dispatch applies the reports held for its letter after committing the tracking number; if it looked before this report
        // was held, the number is committed by now and the report is applied here (both applying it records it once, by event id).
        return await LinkAsync(trackingNumber, cancellationToken) is { } late
            ? await ApplyHeldAsync(late, held, cancellationToken)
            : TrackingOutcome.Held;
    }

    /// <summary>Applies the reports held for <paramref name="trackingNumber"/>, whose letter was just recorded.</summary>
    public async Task ApplyHeldAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        IReadOnlyList<HeldTrackingReport> held;
        await using (var session = store.QuerySession())
            held = await session.Query<HeldTrackingReport>().Where(h => h.TrackingNumber == trackingNumber).ToListAsync(cancellationToken);
        if (held.Count == 0 || await LinkAsync(trackingNumber, cancellationToken) is not { } link) return;
        foreach (var report in held) await ApplyHeldAsync(link, report, cancellationToken);
    }

    /// <summary>
    /// Applies the oldest <paramref name="batchSize"/> held reports whose letter was recorded since (a dispatch that stopped between its
    /// commit and applying them), after forgetting those held longer than <see cref="HeldFor"/>. Only those: reports on numbers no
    /// letter of ours travels under stay held for a month, and taking the oldest of all would let them crowd out every other.
    /// </summary>
    public async Task ApplyHeldAsync(int batchSize, CancellationToken cancellationToken)
    {
        var expired = time.GetUtcNow() - HeldFor;
        await using (var session = store.LightweightSession())
        {
            var forgotten = await session.Query<HeldTrackingReport>().CountAsync(h => h.ReceivedAt < expired, cancellationToken);
            if (forgotten > 0)
            {
                logger.LogWarning("{Count} carrier reports about tracking numbers no letter of this service travels under are forgotten after {Days} days.",
                    forgotten, HeldFor.TotalDays);
                session.DeleteWhere<HeldTrackingReport>(h => h.ReceivedAt < expired);
                await session.SaveChangesAsync(cancellationToken);
            }
        }

        IReadOnlyList<HeldTrackingReport> held;
        IReadOnlyList<ShipmentLink> links;
        await using (var session = store.QuerySession())
        {
            var recorded = store.Options.FindOrResolveDocumentType(typeof(ShipmentLink)).TableName.QualifiedName;
            held = await session.QueryAsync<HeldTrackingReport>(
                $"""
                where exists (select 1 from {recorded} as link where link.id = d.data ->> 'trackingNumber')
                order by {store.Options.DatabaseSchemaName}.mt_immutable_timestamptz(d.data ->> 'receivedAt') limit ?
                """, cancellationToken, batchSize);
            links = await session.LoadManyAsync<ShipmentLink>(cancellationToken, held.Select(h => h.TrackingNumber).Distinct());
        }
        var byNumber = links.ToDictionary(l => l.Id);
        foreach (var report in held)
            if (byNumber.TryGetValue(report.TrackingNumber, out var link))
                await ApplyHeldAsync(link, report, cancellationToken);
    }

    async Task<TrackingOutcome> ApplyHeldAsync(ShipmentLink link, HeldTrackingReport report, CancellationToken cancellationToken)
    {
        var outcome = await ApplyAsync(link, report.Event, report.Via, cancellationToken);
        await ReleaseAsync(report.Id, cancellationToken);
        return outcome;
    }

    async Task<ShipmentLink?> LinkAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ShipmentLink>(trackingNumber, cancellationToken);
    }

    async Task<TrackingOutcome> ApplyAsync(ShipmentLink link, TrackingEvent report, string via, CancellationToken cancellationToken)
    {
        var before = 0L;
        var change = await writer.ChangeAsync(link.ApplicationId, (state, now) =>
        {
            before = state.Version;
            return DeliveryWorkflow.RecordTracking(state, link.Id, report, via, now);
        }, cancellationToken);
        if (change.Outcome != DeliveryChangeOutcome.Done) return TrackingOutcome.UnknownShipment;
        return change.State!.Version > before ? TrackingOutcome.Recorded : TrackingOutcome.Repeat;
    }

    async Task ReleaseAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Delete<HeldTrackingReport>(eventId);
        await session.SaveChangesAsync(cancellationToken);
    }
}
