using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Marten.Events.Aggregation;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// The stored state of one certificate's delivery: the Domain's <see cref="DeliveryRecord"/> under its
/// stream key, with what the counter list, the polling job and the figures filter on copied out.
/// </summary>
public sealed class DeliveryTracking
{
    /// <summary>The stream key: "delivery-" and the application id ("D" format), beside the application's own stream.</summary>
    public string Id { get; set; } = "";

    public Guid ApplicationId { get; set; }

    public DeliveryRecord State { get; set; } = new();

    /// <summary>The method chosen at application; <see cref="Method"/> may differ after a redirection.</summary>
    public DeliveryMethod RequestedMethod { get; set; }

    public DeliveryMethod Method { get; set; }

    public DeliveryProgress Progress { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? ReadySince { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Days from issuance to delivery of a letter that reached the person.</summary>
    public double? DaysToPostalDelivery { get; set; }

    public int Returns { get; set; }

    public int FailedAttempts { get; set; }

    /// <summary>Letters the carrier would not take.</summary>
    public int Refusals { get; set; }

    /// <summary>A letter with a tracking number that has neither been delivered nor come back: polling's candidates.</summary>
    public bool OnItsWay { get; set; }

    public DateTimeOffset? LastHeardAt { get; set; }

    /// <summary>When the letter that still has no tracking number was asked for: the dispatch sweep's candidates.</summary>
    public DateTimeOffset? UnshippedSince { get; set; }

    public static string KeyOf(Guid applicationId) => $"delivery-{applicationId:D}";

    internal void Apply(IDeliveryEvent e)
    {
        if (e is DeliveryOpened opened) RequestedMethod = opened.Method;
        State.Fold([e]);
        ApplicationId = State.ApplicationId;
        Method = State.Method;
        Progress = State.Progress;
        IssuedAt = State.IssuedAt;
        ReadySince = State.ReadySince;
        DeliveredAt = State.DeliveredAt;
        var postal = Progress == DeliveryProgress.Delivered && DeliveredAt is { } at;
        DaysToPostalDelivery = postal ? Math.Round((DeliveredAt!.Value - IssuedAt).TotalDays, 2) : null;
        var reports = State.Shipments.SelectMany(s => s.Events).ToList();
        Returns = reports.Count(r => r.Status == TrackingStatus.Returned);
        FailedAttempts = reports.Count(r => r.Status == TrackingStatus.DeliveryFailed);
        Refusals = State.Shipments.Count(s => s.RefusedAt is not null);
        var current = State.CurrentShipment;
        OnItsWay = current is { TrackingNumber: not null } && !Tracking.IsFinal(current.Status);
        LastHeardAt = current?.LastHeardAt;
        UnshippedSince = DeliveryWorkflow.PendingShipment(State)?.RequestedAt;
    }
}

/// <summary>Which application a carrier's tracking number belongs to; written with the shipment, read by the webhook.</summary>
public sealed record ShipmentLink(string Id, Guid ApplicationId);

/// <summary>Folds a delivery stream into its <see cref="DeliveryTracking"/>, inline with each append.</summary>
public sealed partial class DeliveryTrackingProjection : SingleStreamProjection<DeliveryTracking, string>
{
    public void Apply(DeliveryOpened e, DeliveryTracking d) => d.Apply(e);

    public void Apply(ShipmentRequested e, DeliveryTracking d) => d.Apply(e);

    public void Apply(ShipmentCreated e, DeliveryTracking d) => d.Apply(e);

    public void Apply(ShipmentRefused e, DeliveryTracking d) => d.Apply(e);

    public void Apply(TrackingReported e, DeliveryTracking d) => d.Apply(e);

    public void Apply(DeliveryRedirected e, DeliveryTracking d) => d.Apply(e);

    public void Apply(CertificateCollected e, DeliveryTracking d) => d.Apply(e);

    public static readonly Type[] EventTypes =
    [
        typeof(DeliveryOpened), typeof(ShipmentRequested), typeof(ShipmentCreated), typeof(ShipmentRefused), typeof(TrackingReported),
        typeof(DeliveryRedirected), typeof(CertificateCollected),
    ];
}
