using System.Text.Json;
using Hangfire;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Domain.Deliveries;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>A shipment as the carrier simulator stores it.</summary>
public sealed class SimulatedShipment
{
    /// <summary>The tracking number.</summary>
    public string Id { get; set; } = "";

    public string Reference { get; set; } = "";

    public string Recipient { get; set; } = "";

    public string Address { get; set; } = "";

    public string Service { get; set; } = "";

    public bool PostageOnDelivery { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<CarrierTrackingEvent> Events { get; set; } = [];

    public CarrierShipment ToCarrier() => new(Id, Reference, Recipient, Address, Service, PostageOnDelivery, CreatedAt, Events);
}

/// <param name="Deliver">false records the event at the carrier without calling the webhook, as if the call were lost (polling finds it).</param>
public sealed record SimulatedEventRequest(TrackingStatus? Status, DateTimeOffset? OccurredAt, string? EventId, string? Location, bool? Deliver);

/// <param name="WebhookStatus">What the service's webhook answered, or null when it was not called or could not be reached; on no
/// answer, a 5xx, 408 or 429 the simulator sends the report again later, as a real carrier does.</param>
public sealed record SimulatedEventAccepted(string EventId, string TrackingNumber, int? WebhookStatus);

/// <summary>
/// The development carrier (api.md "Development simulators"): assigns S10 tracking numbers, stores
/// shipments, and reports events to the service's webhook over HTTP, signed with the shared secret,
/// exactly as the real carrier would: a report the webhook did not take for a reason that may pass is sent again later
/// (<see cref="PostSimulatorRedelivery"/>).
/// </summary>
public static class PostSimulator
{
    /// <summary>The named HttpClient the simulator calls the webhook with; tests point its handler at the test server.</summary>
    public const string WebhookClientName = "post-simulator-webhook";

    const int MaxText = 500;
    static readonly int[] S10Weights = [8, 6, 4, 2, 3, 5, 9, 7];

    public static IEndpointRouteBuilder MapPostSimulator(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()) return app;
        var shipments = app.MapGroup("/sim/post/shipments").WithTags("Development").AllowAnonymous();
        shipments.MapPost("", Create)
            .WithSummary("Ship a letter with the carrier simulator (Development only): recipient, address, reference → tracking number. "
                + "The same reference answers the same shipment.");
        shipments.MapGet("/{trackingNumber}", Find)
            .WithSummary("A shipment and every event the carrier simulator reported about it (Development only).");
        shipments.MapPost("/{trackingNumber}/events", Report)
            .WithSummary("Make the carrier simulator report an event (Development only); it calls the service's webhook, signed like the real carrier.");
        return app;
    }

    static async Task<Results<Created<CarrierShipment>, Ok<CarrierShipment>, ValidationProblem>> Create(
        CarrierShipmentRequest request, IDocumentSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var (field, value) in new[] { ("reference", request.Reference), ("recipient", request.Recipient), ("address", request.Address) })
            if (errors.Required(field, value) && value.Length > MaxText) errors.Add(field, $"At most {MaxText} characters.");
        if (errors.Any) return errors.ToProblem();

        if (await FindByReference(session, request.Reference, cancellationToken) is { } existing)
            return TypedResults.Ok(existing.ToCarrier());
        var shipment = new SimulatedShipment
        {
            Id = NewTrackingNumber(),
            Reference = request.Reference,
            Recipient = request.Recipient,
            Address = request.Address,
            Service = request.Service,
            PostageOnDelivery = request.PostageOnDelivery,
            CreatedAt = time.GetUtcNow(),
        };
        session.Insert(shipment);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is JasperFx.DocumentAlreadyExistsException or Marten.Exceptions.MartenCommandException)
        {
            // Another request with the same reference won the race (the reference is unique).
            await using var fresh = session.DocumentStore.QuerySession();
            if (await FindByReference(fresh, request.Reference, cancellationToken) is { } raced) return TypedResults.Ok(raced.ToCarrier());
            throw;
        }
        return TypedResults.Created($"/sim/post/shipments/{shipment.Id}", shipment.ToCarrier());
    }

    static async Task<Results<Ok<CarrierShipment>, ProblemHttpResult>> Find(string trackingNumber, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<SimulatedShipment>(trackingNumber, cancellationToken) is { } shipment
            ? TypedResults.Ok(shipment.ToCarrier())
            : Problems.NotFound($"The carrier simulator has no shipment {trackingNumber}.");

    static async Task<Results<Accepted<SimulatedEventAccepted>, ValidationProblem, ProblemHttpResult>> Report(
        string trackingNumber, SimulatedEventRequest request, IDocumentSession session, IHttpClientFactory clients, IBackgroundJobClient jobs,
        CarrierOptions carrier, PostSimulatorOptions simulator, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("status", request.Status);
        var eventId = errors.Text("eventId", request.EventId, 128, required: false);
        var location = errors.Text("location", request.Location, MaxText, required: false);
        if (errors.Any) return errors.ToProblem();

        var report = new CarrierTrackingEvent(eventId ?? Guid.NewGuid().ToString("N"), trackingNumber, request.Status,
            (request.OccurredAt ?? time.GetUtcNow()).ToUniversalTime(), location);
        // Optimistic concurrency on the shipment: two events reported at once are both kept.
        for (var attempt = 1; ; attempt++)
        {
            await using var writing = session.DocumentStore.LightweightSession();
            var shipment = await writing.LoadAsync<SimulatedShipment>(trackingNumber, cancellationToken);
            if (shipment is null) return Problems.NotFound($"The carrier simulator has no shipment {trackingNumber}.");
            // A repeated event id is the carrier sending the same report again: stored once, delivered again.
            if (shipment.Events.Exists(e => e.EventId == report.EventId)) break;
            shipment.Events.Add(report);
            writing.Store(shipment);
            try
            {
                await writing.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 10)
            {
            }
        }

        int? answered = null;
        if (request.Deliver ?? true)
        {
            answered = await DeliverAsync(clients, carrier, simulator, json, report, cancellationToken);
            if (WorthSendingAgain(answered))
                jobs.Schedule<PostSimulatorRedelivery>(job => job.RunAsync(trackingNumber, report.EventId!, CancellationToken.None),
                    PostSimulatorRedelivery.After);
        }
        return TypedResults.Accepted($"/sim/post/shipments/{trackingNumber}", new SimulatedEventAccepted(report.EventId!, trackingNumber, answered));
    }

    /// <summary>Calls the service's webhook with <paramref name="report"/>, signed; what it answered, or null when it could not be reached.</summary>
    internal static async Task<int?> DeliverAsync(
        IHttpClientFactory clients, CarrierOptions carrier, PostSimulatorOptions simulator, IOptions<JsonOptions> json, CarrierTrackingEvent report,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(report, json.Value.SerializerOptions);
        using var call = new HttpRequestMessage(HttpMethod.Post, simulator.WebhookUrl) { Content = new ByteArrayContent(body) };
        call.Content.Headers.ContentType = new("application/json");
        call.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(carrier.Secret ?? "", body));
        try
        {
            using var response = await clients.CreateClient(WebhookClientName).SendAsync(call, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (TransportFailure.Is(e) || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The service's webhook cannot be reached or timed out (Delivery:Simulator:WebhookUrl): the carrier keeps the event and sends it
            // again later, and the service finds it by polling in any case.
            return null;
        }
    }

    /// <summary>
    /// Not taken, for a reason that may pass: no answer, a 5xx, 408 or 429. Any other 4xx refuses the report itself (a wrong
    /// signature, a malformed body), and sending it again changes nothing; a real carrier stops there too.
    /// </summary>
    internal static bool WorthSendingAgain(int? answered) => answered is null or >= 500 or 408 or 429;

    static Task<SimulatedShipment?> FindByReference(IQuerySession session, string reference, CancellationToken cancellationToken) =>
        session.Query<SimulatedShipment>().Where(s => s.Reference == reference).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A UPU S10 number for registered mail: "RR", eight digits, the check digit, "VN".</summary>
    public static string NewTrackingNumber()
    {
        var digits = Random.Shared.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (digits[i] - '0') * S10Weights[i];
        var check = 11 - sum % 11;
        check = check switch { 10 => 0, 11 => 5, _ => check };
        return $"RR{digits}{check}VN";
    }
}

/// <summary>
/// The carrier simulator sending a report again that the service's webhook did not take for a reason that may pass (no answer, a 5xx, 408 or 429), as a
/// real carrier does: a minute later, then with Hangfire's growing back-off, ten attempts over about seven hours.
/// </summary>
public sealed class PostSimulatorRedelivery(
    IDocumentStore store, IHttpClientFactory clients, CarrierOptions carrier, PostSimulatorOptions simulator, IOptions<JsonOptions> json)
{
    public static readonly TimeSpan After = TimeSpan.FromMinutes(1);

    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(string trackingNumber, string eventId, CancellationToken cancellationToken)
    {
        SimulatedShipment? shipment;
        await using (var session = store.QuerySession())
            shipment = await session.LoadAsync<SimulatedShipment>(trackingNumber, cancellationToken);
        if (shipment?.Events.Find(e => e.EventId == eventId) is not { } report) return;
        var answered = await PostSimulator.DeliverAsync(clients, carrier, simulator, json, report, cancellationToken);
        if (PostSimulator.WorthSendingAgain(answered))
            throw new InvalidOperationException(
                $"The webhook answered {answered?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} to report {eventId}; "
                + "the carrier simulator tries again later.");
    }
}
