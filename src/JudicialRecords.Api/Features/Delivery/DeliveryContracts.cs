using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;

namespace JudicialRecords.Api.Features.Deliveries;

public sealed record TrackingEventView(string EventId, TrackingStatus Status, DateTimeOffset OccurredAt, string? Location);

/// <summary>The carrier would not take a letter: when, and why in its words.</summary>
public sealed record RefusalView(DateTimeOffset At, string Reason)
{
    public static RefusalView? Of(Shipment? shipment) =>
        shipment is { RefusedAt: { } at } ? new RefusalView(at, shipment.RefusalReason ?? "") : null;
}

/// <summary>An earlier letter of the same certificate (before a redirection).</summary>
public sealed record ShipmentView(
    int Sequence, string Address, string? Carrier, string? TrackingNumber, TrackingStatus? Status, IReadOnlyList<TrackingEventView> Events,
    RefusalView? Refusal);

/// <summary>Who handed a counter certificate over, when, and who took it when not the person.</summary>
public sealed record CollectionView(DateTimeOffset At, Actor By, string? ReceivedBy);

/// <summary>
/// How the certificate travels. For post: the current letter's <see cref="Carrier"/>, <see cref="TrackingNumber"/>
/// and carrier <see cref="Events"/> ordered by when they happened; earlier letters in <see cref="PreviousShipments"/>.
/// </summary>
/// <param name="Status">pending (not issued), available (electronic), readyForCollection, collected, dispatchRequested, dispatchRefused
/// (the carrier would not take the letter: see <see cref="Refusal"/>; the owner may choose another way), dispatched, accepted, inTransit,
/// outForDelivery, delivered, deliveryFailed, returned.</param>
/// <param name="Copies">How many copies are printed for the counter or the letter (the fee covers two; electronic is one PDF).</param>
public sealed record DeliveryView(
    DeliveryMethod Method,
    string? Address,
    int Copies,
    DeliveryProgress Status,
    string? Carrier,
    string? TrackingNumber,
    IReadOnlyList<TrackingEventView> Events,
    DateTimeOffset? DeliveredAt,
    CollectionView? Collected,
    IReadOnlyList<ShipmentView> PreviousShipments,
    RefusalView? Refusal)
{
    /// <summary>The application's delivery: from its delivery record once the certificate is issued, else as requested.</summary>
    public static DeliveryView Of(Application application, DeliveryTracking? tracking)
    {
        if (tracking?.State is not { } d)
            return new DeliveryView(application.Delivery.Method, application.Delivery.Address, application.Copies, application.DeliveryStatus switch
            {
                DeliveryStatus.ReadyForCollection => DeliveryProgress.ReadyForCollection,
                DeliveryStatus.DispatchRequested => DeliveryProgress.DispatchRequested,
                DeliveryStatus.Delivered => DeliveryProgress.Delivered,
                _ => application.CertificateNumber is null ? DeliveryProgress.Pending : DeliveryProgress.Available,
            }, null, null, [], application.DeliveredAt, null, [], null);

        var current = d.CurrentShipment;
        return new DeliveryView(
            d.Method, d.Address, d.Copies ?? application.Copies, d.Progress, current?.Carrier, current?.TrackingNumber, EventsOf(current), d.DeliveredAt,
            d.CollectedAt is { } at ? new CollectionView(at, d.CollectedBy!, d.ReceivedBy) : null,
            [.. d.Shipments.Where(s => s != current)
                .Select(s => new ShipmentView(s.Sequence, s.Address, s.Carrier, s.TrackingNumber, s.Status, EventsOf(s), RefusalView.Of(s)))],
            RefusalView.Of(current));
    }

    static IReadOnlyList<TrackingEventView> EventsOf(Shipment? shipment) =>
        shipment is null ? [] : [.. Tracking.Ordered(shipment.Events).Select(e => new TrackingEventView(e.EventId, e.Status, e.OccurredAt, e.Location))];
}

/// <param name="Method">counter or post.</param>
/// <param name="Address">Required for post.</param>
public sealed record RedirectDeliveryRequest(DeliveryMethod? Method, string? Address);

/// <param name="ReceivedBy">Who took the certificate when not the person (e.g. an agent, with their ID document).</param>
public sealed record CollectionRequest(string? ReceivedBy);

/// <param name="Copies">How many copies to print and hand over (null for deliveries opened before it was kept: see the application).</param>
public sealed record CounterItem(Guid ApplicationId, string CertificateNumber, string Recipient, DateTimeOffset ReadySince, int? Copies);

/// <summary>Certificates waiting at the counter, longest waiting first.</summary>
public sealed record CounterList(int Count, IReadOnlyList<CounterItem> Certificates);

/// <summary>The webhook's answer: the report was received and kept.</summary>
/// <param name="Recorded">It was new to its letter (false for a repeat).</param>
/// <param name="Held">No letter of this service travels under its tracking number yet: it is kept and recorded when one does.</param>
public sealed record WebhookReceipt(string EventId, bool Recorded, bool Held);

/// <summary>
/// Delivery figures over every certificate issued so far.
/// </summary>
/// <param name="Issued">Certificates issued (every method).</param>
/// <param name="PostShare">Share of issued requests that asked for post (0 to 1), null before the first issuance.</param>
/// <param name="DeliveredByPost">Letters that reached the person.</param>
/// <param name="MedianDaysToDelivery">Median days from issuance to the carrier's first delivery report, over delivered letters.</param>
/// <param name="Returns">Letters the carrier reported returned.</param>
/// <param name="ReturnedRequests">Requests with at least one returned letter.</param>
/// <param name="FailedAttempts">Failed delivery attempts reported.</param>
/// <param name="OnTheirWay">Letters with the carrier, neither delivered nor returned.</param>
/// <param name="Refusals">Letters the carrier would not take.</param>
/// <param name="AwaitingRedirection">Certificates whose current letter the carrier would not take, until their owner chooses another way.</param>
public sealed record DeliveryFigures(
    int Issued,
    int Electronic,
    int Counter,
    int Post,
    double? PostShare,
    int DeliveredByPost,
    double? MedianDaysToDelivery,
    int Returns,
    int ReturnedRequests,
    int FailedAttempts,
    int OnTheirWay,
    int CollectedAtCounter,
    int WaitingAtCounter,
    int Refusals,
    int AwaitingRedirection);
