namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>Section "Delivery".</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    public CarrierOptions Carrier { get; set; } = new();

    public PollingOptions Polling { get; set; } = new();

    public PostSimulatorOptions Simulator { get; set; } = new();
}

/// <summary>Section "Delivery:Carrier": the postal carrier the service ships registered mail with.</summary>
public sealed class CarrierOptions
{
    /// <summary>The carrier's name in webhook paths (/api/v1/delivery/webhooks/{Name}) and on shipments.</summary>
    public string Name { get; set; } = "vnpost";

    /// <summary>
    /// Base URL of the carrier's API; "{BaseUrl}shipments" creates a shipment. In Development it defaults
    /// to the service's own simulator (http://localhost:5080/sim/post/).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The secret shared with the carrier: its webhook calls carry hex(HMAC-SHA256(Secret, raw body)) in X-Signature.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Section "Delivery:Polling": asking the carrier about letters it has been silent about.</summary>
public sealed class PollingOptions
{
    /// <summary>A letter on its way that the carrier said nothing about for this long is asked about.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// A letter asked for this long ago that still has no tracking number is shipped by the polling job: its dispatch job
    /// was lost (a crash between a redirection's commit and the enqueue) or gave up (a carrier outage longer than its retries).
    /// </summary>
    public TimeSpan UnshippedAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>When the recurring polling job runs (Hangfire cron).</summary>
    public string Cron { get; set; } = "0 * * * *";

    /// <summary>How many silent letters one run asks about at most.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>Section "Delivery:Simulator": where the development carrier simulator reports its events.</summary>
public sealed class PostSimulatorOptions
{
    /// <summary>The service's webhook; defaults to http://localhost:5080/api/v1/delivery/webhooks/{carrier name}.</summary>
    public string? WebhookUrl { get; set; }
}
