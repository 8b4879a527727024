namespace JudicialRecords.Domain.Deliveries;

/// <summary>What the carrier reports about a registered letter.</summary>
public enum TrackingStatus
{
    Accepted,
    InTransit,
    OutForDelivery,
    Delivered,
    DeliveryFailed,
    Returned,
}

/// <summary>One report of the carrier, identified by the carrier's own <see cref="EventId"/>.</summary>
public sealed record TrackingEvent(string EventId, TrackingStatus Status, DateTimeOffset OccurredAt, string? Location);

/// <summary>
/// Reads a shipment's events by when they happened, not when they arrived: reports come late, twice,
/// or out of order (webhook retries, polling), and none of that may move a letter backwards.
/// </summary>
public static class Tracking
{
    /// <summary>By <see cref="TrackingEvent.OccurredAt"/>; events at the same instant in the order a letter goes through them.</summary>
    public static IReadOnlyList<TrackingEvent> Ordered(IEnumerable<TrackingEvent> events) =>
        [.. events.OrderBy(e => e.OccurredAt).ThenBy(e => Rank(e.Status)).ThenBy(e => e.EventId, StringComparer.Ordinal)];

    /// <summary>
    /// The shipment's status: delivered once any delivery was reported (the person has the letter,
    /// whatever arrives afterwards), returned once it came back, otherwise the latest event.
    /// </summary>
    public static TrackingStatus? StatusOf(IEnumerable<TrackingEvent> events)
    {
        var ordered = Ordered(events);
        if (ordered.Count == 0) return null;
        if (ordered.Any(e => e.Status == TrackingStatus.Delivered)) return TrackingStatus.Delivered;
        if (ordered.Any(e => e.Status == TrackingStatus.Returned)) return TrackingStatus.Returned;
        return ordered[^1].Status;
    }

    /// <summary>When the letter was first reported delivered.</summary>
    public static DateTimeOffset? DeliveredAt(IEnumerable<TrackingEvent> events) =>
        events.Where(e => e.Status == TrackingStatus.Delivered).Select(e => (DateTimeOffset?)e.OccurredAt).Min();

    /// <summary>Nothing more will happen to the letter.</summary>
    public static bool IsFinal(TrackingStatus? status) => status is TrackingStatus.Delivered or TrackingStatus.Returned;

    static int Rank(TrackingStatus status) => status switch
    {
        TrackingStatus.Accepted => 0,
        TrackingStatus.InTransit => 1,
        TrackingStatus.OutForDelivery => 2,
        TrackingStatus.DeliveryFailed => 3,
        TrackingStatus.Delivered => 4,
        TrackingStatus.Returned => 5,
        _ => 6,
    };
}
