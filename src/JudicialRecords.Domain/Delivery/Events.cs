using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Domain.Deliveries;

/// <summary>
/// A step in the delivery stream of one application (one stream per issued application, beside its
/// application stream): how the certificate travels to the person.
/// </summary>
public interface IDeliveryEvent
{
    Guid ApplicationId { get; }

    DateTimeOffset At { get; }
}

/// <summary>A certificate was issued and goes out by <see cref="Method"/>; <see cref="Recipient"/> is whom a letter is addressed to.</summary>
public sealed record DeliveryOpened(
    Guid ApplicationId,
    string CertificateNumber,
    DeliveryMethod Method,
    string? Address,
    string Recipient,
    DateTimeOffset IssuedAt,
    DateTimeOffset At,
    int? Copies = null) : IDeliveryEvent;

/// <summary>A letter must go to <see cref="Address"/>; <see cref="Sequence"/> numbers the letters of one application (1, then one per redirection).</summary>
public sealed record ShipmentRequested(Guid ApplicationId, int Sequence, string Address, DateTimeOffset At) : IDeliveryEvent;

/// <summary>The carrier took the letter of <see cref="Sequence"/> as registered mail under <see cref="TrackingNumber"/>.</summary>
public sealed record ShipmentCreated(Guid ApplicationId, int Sequence, string Carrier, string TrackingNumber, DateTimeOffset At) : IDeliveryEvent;

/// <summary>
/// The carrier will not take the letter of <see cref="Sequence"/> (it refused the request itself, e.g. an address it does not
/// serve): asking again would be refused again, so the letter waits for its owner to choose another address or the counter.
/// </summary>
public sealed record ShipmentRefused(Guid ApplicationId, int Sequence, string Carrier, string Reason, DateTimeOffset At) : IDeliveryEvent;

/// <summary>The carrier reported <see cref="Event"/> about <see cref="TrackingNumber"/>, through <see cref="Via"/> (webhook or polling).</summary>
public sealed record TrackingReported(Guid ApplicationId, string TrackingNumber, TrackingEvent Event, string Via, DateTimeOffset At) : IDeliveryEvent;

/// <summary>After a failed or returned letter, the owner chose counter collection or another address.</summary>
public sealed record DeliveryRedirected(Guid ApplicationId, DeliveryMethod Method, string? Address, Actor By, DateTimeOffset At) : IDeliveryEvent;

/// <summary>A clerk handed the certificate over at the counter; <see cref="ReceivedBy"/> names who took it when not the person.</summary>
public sealed record CertificateCollected(Guid ApplicationId, string? ReceivedBy, Actor By, DateTimeOffset At) : IDeliveryEvent;
