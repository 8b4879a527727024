using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Domain.Deliveries;

/// <summary>Where a certificate is on its way to the person, as the applicant and the counter staff see it.</summary>
public enum DeliveryProgress
{
    /// <summary>No certificate issued yet.</summary>
    Pending,

    /// <summary>Electronic: the signed PDF is simply available.</summary>
    Available,
    ReadyForCollection,
    Collected,
    DispatchRequested,

    /// <summary>The carrier would not take the letter: its owner chooses another address or the counter.</summary>
    DispatchRefused,
    Dispatched,
    Accepted,
    InTransit,
    OutForDelivery,
    Delivered,
    DeliveryFailed,
    Returned,
}

/// <summary>One registered letter: requested, then created with the carrier, then tracked.</summary>
public sealed class Shipment
{
    public int Sequence { get; set; }

    public string Address { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When the carrier refused to take the letter, and why in its words.</summary>
    public DateTimeOffset? RefusedAt { get; set; }

    public string? RefusalReason { get; set; }

    public List<TrackingEvent> Events { get; set; } = [];

    /// <summary>When the carrier last said anything about it (or took it): what polling measures silence from.</summary>
    public DateTimeOffset? LastHeardAt { get; set; }

    public TrackingStatus? Status => Tracking.StatusOf(Events);
}

/// <summary>
/// The delivery of one issued certificate, folded from its delivery stream. Holds state only; the rules
/// live in <see cref="DeliveryWorkflow"/>. Settable properties let a document store keep it as a snapshot.
/// </summary>
public sealed class DeliveryRecord
{
    public Guid ApplicationId { get; set; }

    public long Version { get; set; }

    public string CertificateNumber { get; set; } = "";

    public string Recipient { get; set; } = "";

    public DeliveryMethod Method { get; set; }

    public string? Address { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>How many copies go out (printed for the counter or the letter); null for deliveries opened before it was kept.</summary>
    public int? Copies { get; set; }

    /// <summary>Since when the certificate waits at the counter (issuance, or the redirection to the counter).</summary>
    public DateTimeOffset? ReadySince { get; set; }

    public DateTimeOffset? CollectedAt { get; set; }

    public Actor? CollectedBy { get; set; }

    public string? ReceivedBy { get; set; }

    public List<Shipment> Shipments { get; set; } = [];

    public List<DeliveryRedirected> Redirections { get; set; } = [];

    public Shipment? CurrentShipment => Method == DeliveryMethod.Post && Shipments.Count > 0 ? Shipments[^1] : null;

    public DeliveryProgress Progress => Method switch
    {
        DeliveryMethod.Electronic => DeliveryProgress.Available,
        DeliveryMethod.Counter => CollectedAt is null ? DeliveryProgress.ReadyForCollection : DeliveryProgress.Collected,
        _ => CurrentShipment switch
        {
            { RefusedAt: not null } => DeliveryProgress.DispatchRefused,
            null or { TrackingNumber: null } => DeliveryProgress.DispatchRequested,
            { Status: null } => DeliveryProgress.Dispatched,
            { Status: { } status } => status switch
            {
                TrackingStatus.Accepted => DeliveryProgress.Accepted,
                TrackingStatus.InTransit => DeliveryProgress.InTransit,
                TrackingStatus.OutForDelivery => DeliveryProgress.OutForDelivery,
                TrackingStatus.Delivered => DeliveryProgress.Delivered,
                TrackingStatus.DeliveryFailed => DeliveryProgress.DeliveryFailed,
                _ => DeliveryProgress.Returned,
            },
        },
    };

    /// <summary>When the certificate reached the person: the letter's first delivery report, or the collection.</summary>
    public DateTimeOffset? DeliveredAt =>
        Method == DeliveryMethod.Counter ? CollectedAt
        : Shipments.Select(s => Tracking.DeliveredAt(s.Events)).FirstOrDefault(d => d is not null);

    public Shipment? FindShipment(string trackingNumber) => Shipments.Find(s => s.TrackingNumber == trackingNumber);

    public static DeliveryRecord Replay(IEnumerable<IDeliveryEvent> events)
    {
        var record = new DeliveryRecord();
        record.Fold(events);
        return record;
    }

    public void Fold(IEnumerable<IDeliveryEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case DeliveryOpened x:
                    ApplicationId = x.ApplicationId;
                    CertificateNumber = x.CertificateNumber;
                    Method = x.Method;
                    Address = x.Address;
                    Recipient = x.Recipient;
                    IssuedAt = x.IssuedAt;
                    Copies = x.Copies;
                    if (x.Method == DeliveryMethod.Counter) ReadySince = x.At;
                    break;
                case ShipmentRequested x:
                    Shipments.Add(new Shipment { Sequence = x.Sequence, Address = x.Address, RequestedAt = x.At });
                    break;
                case ShipmentCreated x when Shipments.Find(s => s.Sequence == x.Sequence) is { } shipment:
                    shipment.Carrier = x.Carrier;
                    shipment.TrackingNumber = x.TrackingNumber;
                    shipment.CreatedAt = x.At;
                    shipment.LastHeardAt = x.At;
                    break;
                case ShipmentRefused x when Shipments.Find(s => s.Sequence == x.Sequence) is { } shipment:
                    shipment.Carrier = x.Carrier;
                    shipment.RefusedAt = x.At;
                    shipment.RefusalReason = x.Reason;
                    break;
                case TrackingReported x when FindShipment(x.TrackingNumber) is { } shipment:
                    shipment.Events = [.. Tracking.Ordered([.. shipment.Events, x.Event])];
                    shipment.LastHeardAt = x.At;
                    break;
                case DeliveryRedirected x:
                    Redirections.Add(x);
                    Method = x.Method;
                    Address = x.Address;
                    if (x.Method == DeliveryMethod.Counter) ReadySince = x.At;
                    break;
                case CertificateCollected x:
                    CollectedAt = x.At;
                    CollectedBy = x.By;
                    ReceivedBy = x.ReceivedBy;
                    break;
            }

            Version++;
        }
    }
}
