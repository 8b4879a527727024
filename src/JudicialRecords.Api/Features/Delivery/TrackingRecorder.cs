using JudicialRecords.Domain.Deliveries;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

public enum TrackingOutcome
{
    Recorded,
    Repeat,
    UnknownShipment,
}

/// <summary>Records a carrier report, whichever way it came (webhook or polling); a delivery is carried over to the application with it.</summary>
public sealed class TrackingRecorder(IDocumentStore store, DeliveryWriter writer)
{
    public async Task<TrackingOutcome> RecordAsync(string trackingNumber, TrackingEvent report, string via, CancellationToken cancellationToken)
    {
        ShipmentLink? link;
        await using (var session = store.QuerySession())
            link = await session.LoadAsync<ShipmentLink>(trackingNumber, cancellationToken);
        if (link is null) return TrackingOutcome.UnknownShipment;

        var before = 0L;
        var change = await writer.ChangeAsync(link.ApplicationId, (state, now) =>
        {
            before = state.Version;
            return DeliveryWorkflow.RecordTracking(state, trackingNumber, report, via, now);
        }, cancellationToken);
        if (change.Outcome != DeliveryChangeOutcome.Done) return TrackingOutcome.UnknownShipment;
        return change.State!.Version > before ? TrackingOutcome.Recorded : TrackingOutcome.Repeat;
    }
}
