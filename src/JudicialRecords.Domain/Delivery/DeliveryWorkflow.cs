using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Domain.Deliveries;

public static class DeliveryErrorCodes
{
    public const string Required = "delivery.required";
    public const string InvalidValue = "delivery.invalid-value";
    public const string UnknownShipment = "delivery.unknown-shipment";
    public const string NotRedirectable = "delivery.not-redirectable";
    public const string NotForCollection = "delivery.not-for-collection";
}

/// <summary>The outcome of a delivery decision: the events to append, or why none may be; no events and no error is a repeat.</summary>
public sealed record DeliveryDecision(IReadOnlyList<IDeliveryEvent> Events, DomainError? Error)
{
    public static DeliveryDecision Nothing { get; } = new([], null);

    public bool IsSuccess => Error is null;

    public static DeliveryDecision Append(params IDeliveryEvent[] events) => new(events, null);

    public static implicit operator DeliveryDecision(DomainError error) => new([], error);
}

/// <summary>
/// The decisions of a certificate's delivery as pure functions of its state, the command and the time:
/// opened at issuance (a letter requested for post), the carrier's tracking number recorded, the carrier's
/// reports recorded once each, a failed or returned letter redirected, a counter certificate handed over.
/// </summary>
public static class DeliveryWorkflow
{
    public static DeliveryDecision Open(
        Guid applicationId, string certificateNumber, Applications.Delivery delivery, string recipient, DateTimeOffset issuedAt, DateTimeOffset now,
        int copies)
    {
        var opened = new DeliveryOpened(applicationId, certificateNumber, delivery.Method, delivery.Address, recipient, issuedAt, now, copies);
        return delivery.Method == DeliveryMethod.Post
            ? DeliveryDecision.Append(opened, new ShipmentRequested(applicationId, 1, delivery.Address ?? "", now))
            : DeliveryDecision.Append(opened);
    }

    /// <summary>The letter that still needs a carrier's tracking number, if any (not one the carrier refused).</summary>
    public static Shipment? PendingShipment(DeliveryRecord state) =>
        state.CurrentShipment is { TrackingNumber: null, RefusedAt: null } pending ? pending : null;

    /// <summary>Records the carrier's tracking number of letter <paramref name="sequence"/>; the same again is a repeat.</summary>
    public static DeliveryDecision RecordShipment(DeliveryRecord state, int sequence, string carrier, string trackingNumber, DateTimeOffset now)
    {
        var shipment = state.Shipments.Find(s => s.Sequence == sequence);
        if (shipment is null)
            return new DomainError(DeliveryErrorCodes.UnknownShipment, $"No letter {sequence} was requested.");
        if (shipment.TrackingNumber is { } existing)
            return existing == trackingNumber
                ? DeliveryDecision.Nothing
                : new DomainError(DeliveryErrorCodes.InvalidValue, $"Letter {sequence} already travels as {existing}.");
        return DeliveryDecision.Append(new ShipmentCreated(state.ApplicationId, sequence, carrier, trackingNumber, now));
    }

    /// <summary>
    /// Records that the carrier will not take letter <paramref name="sequence"/>, so that it is not asked again and the owner may
    /// redirect it; the same again is a repeat.
    /// </summary>
    public static DeliveryDecision RefuseShipment(DeliveryRecord state, int sequence, string carrier, string reason, DateTimeOffset now)
    {
        var shipment = state.Shipments.Find(s => s.Sequence == sequence);
        if (shipment is null)
            return new DomainError(DeliveryErrorCodes.UnknownShipment, $"No letter {sequence} was requested.");
        if (shipment.RefusedAt is not null) return DeliveryDecision.Nothing;
        if (shipment.TrackingNumber is { } existing)
            return new DomainError(DeliveryErrorCodes.InvalidValue, $"Letter {sequence} already travels as {existing}.");
        return DeliveryDecision.Append(new ShipmentRefused(state.ApplicationId, sequence, carrier, reason, now));
    }

    /// <summary>Records a carrier report once: a report with a known event id is a repeat, whatever it says.</summary>
    public static DeliveryDecision RecordTracking(DeliveryRecord state, string trackingNumber, TrackingEvent report, string via, DateTimeOffset now)
    {
        var shipment = state.FindShipment(trackingNumber);
        if (shipment is null)
            return new DomainError(DeliveryErrorCodes.UnknownShipment, $"No letter travels as {trackingNumber}.", "trackingNumber");
        if (state.Shipments.Exists(s => s.Events.Exists(e => e.EventId == report.EventId)))
            return DeliveryDecision.Nothing;
        return DeliveryDecision.Append(new TrackingReported(state.ApplicationId, trackingNumber, report, via, now));
    }

    /// <summary>
    /// After the current letter failed, came back or was refused by the carrier, the owner picks the counter or a new address; a new
    /// letter is requested for post. The old letter is not followed any more.
    /// </summary>
    public static DeliveryDecision Redirect(DeliveryRecord state, DeliveryMethod? method, string? address, Actor by, DateTimeOffset now)
    {
        if (method is null)
            return new DomainError(DeliveryErrorCodes.Required, "Choose counter or post.", "method");
        if (method == DeliveryMethod.Electronic)
            return new DomainError(DeliveryErrorCodes.InvalidValue, "A paper certificate goes to the counter or by post.", "method");
        if (method == DeliveryMethod.Post && string.IsNullOrWhiteSpace(address))
            return new DomainError(DeliveryErrorCodes.Required, "Give the address for the new letter.", "address");
        if (state.Progress is not (DeliveryProgress.DeliveryFailed or DeliveryProgress.Returned or DeliveryProgress.DispatchRefused))
            return new DomainError(
                DeliveryErrorCodes.NotRedirectable,
                $"Only a failed, returned or refused letter can be redirected; this delivery is {state.Progress}.");

        var trimmed = method == DeliveryMethod.Post ? address!.Trim() : null;
        var redirected = new DeliveryRedirected(state.ApplicationId, method.Value, trimmed, by, now);
        return method == DeliveryMethod.Post
            ? DeliveryDecision.Append(redirected, new ShipmentRequested(state.ApplicationId, state.Shipments.Count + 1, trimmed!, now))
            : DeliveryDecision.Append(redirected);
    }

    /// <summary>Hands a counter certificate over; a second hand-over is a repeat.</summary>
    public static DeliveryDecision Collect(DeliveryRecord state, string? receivedBy, Actor by, DateTimeOffset now)
    {
        if (state.Method != DeliveryMethod.Counter)
            return new DomainError(DeliveryErrorCodes.NotForCollection, $"This certificate goes by {state.Method}, not to the counter.");
        if (state.CollectedAt is not null) return DeliveryDecision.Nothing;
        return DeliveryDecision.Append(new CertificateCollected(
            state.ApplicationId, string.IsNullOrWhiteSpace(receivedBy) ? null : receivedBy.Trim(), by, now));
    }
}
