using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Domain.Deliveries;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// What the service asks the carrier for: a registered letter, postage collected on delivery.
/// <see cref="Reference"/> is the service's own id for the letter: the carrier answers the same shipment
/// for the same reference, which makes dispatching safe to repeat.
/// </summary>
public sealed record CarrierShipmentRequest(
    string Reference, string Recipient, string Address, string Service = CarrierShipmentRequest.RegisteredMail, bool PostageOnDelivery = true)
{
    public const string RegisteredMail = "registeredMail";
}

/// <summary>A carrier's report about a letter, as it comes to the webhook (every field nullable so a missing one is named).</summary>
public sealed record CarrierTrackingEvent(
    string? EventId, string? TrackingNumber, TrackingStatus? Status, DateTimeOffset? OccurredAt, string? Location);

/// <summary>A shipment as the carrier knows it, with every report it made so far.</summary>
public sealed record CarrierShipment(
    string TrackingNumber,
    string Reference,
    string Recipient,
    string Address,
    string Service,
    bool PostageOnDelivery,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CarrierTrackingEvent> Events);

/// <summary>The postal carrier, over its API.</summary>
public interface ICarrier
{
    string Name { get; }

    /// <exception cref="CarrierRefusedException">The carrier will not take this letter: asking again is pointless.</exception>
    /// <exception cref="CarrierUnavailableException">The carrier could not be asked, or not now: asking later may succeed.</exception>
    Task<CarrierShipment> CreateShipmentAsync(CarrierShipmentRequest request, CancellationToken cancellationToken);

    /// <summary>The shipment, or null when the carrier does not know the number.</summary>
    /// <exception cref="CarrierUnavailableException">The carrier could not be asked.</exception>
    Task<CarrierShipment?> FindShipmentAsync(string trackingNumber, CancellationToken cancellationToken);
}

public sealed class CarrierUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The carrier read the request for a letter and will not take it (e.g. an address it does not serve). <see cref="Reason"/> is
/// the carrier's own words, which may repeat the address: it is kept on the delivery, never logged.
/// </summary>
public sealed class CarrierRefusedException(int status, string reason)
    : Exception($"The carrier refused the shipment with {status}.")
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;
}

/// <summary>The carrier over HTTP: the same adapter reaches the development simulator and the real carrier.</summary>
public sealed class HttpCarrier(HttpClient http, CarrierOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ICarrier
{
    public string Name => options.Name;

    public Task<CarrierShipment> CreateShipmentAsync(CarrierShipmentRequest request, CancellationToken cancellationToken) =>
        SendAsync(async () =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "shipments")
            {
                Content = JsonContent.Create(request, options: json.Value.SerializerOptions),
            };
            message.Headers.Add("Idempotency-Key", request.Reference);
            using var response = await http.SendAsync(message, cancellationToken);
            if (IsRefusal(response.StatusCode))
                throw new CarrierRefusedException((int)response.StatusCode, await RefusalReasonAsync(response, cancellationToken));
            if (!response.IsSuccessStatusCode)
                throw new CarrierUnavailableException($"The carrier answered {(int)response.StatusCode} to a new shipment.");
            return await ReadAsync(response, cancellationToken);
        });

    /// <summary>
    /// Only 400 and 422 say that the carrier read this letter's request and will not take it. Every other 4xx concerns the service's
    /// access or the moment (401/403 credentials, 404/405/415 a wrong endpoint or format, 408/409/425/429 timing or a request still in
    /// progress), would refuse every letter alike, and must not make each one's owner choose another way: like a 5xx it is retried.
    /// </summary>
    static bool IsRefusal(HttpStatusCode status) => status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity;

    /// <summary>"{status}: {the problem's detail or title}", at most <see cref="MaxReason"/> characters, shown to the owner and staff.</summary>
    static async Task<string> RefusalReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? words = null;
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
                words = Text(problem.RootElement, "detail") ?? Text(problem.RootElement, "title");
        }
        catch (JsonException)
        {
            // Not a problem document: the status alone is the reason.
        }
        var reason = words is null ? $"{status}: the carrier gave no reason." : $"{status}: {words}";
        return reason.Length <= MaxReason ? reason : reason[..MaxReason];
    }

    static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    const int MaxReason = 500;

    public Task<CarrierShipment?> FindShipmentAsync(string trackingNumber, CancellationToken cancellationToken) =>
        SendAsync<CarrierShipment?>(async () =>
        {
            using var response = await http.GetAsync($"shipments/{Uri.EscapeDataString(trackingNumber)}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
                throw new CarrierUnavailableException($"The carrier answered {(int)response.StatusCode} about {trackingNumber}.");
            return await ReadAsync(response, cancellationToken);
        });

    async Task<CarrierShipment> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<CarrierShipment>(json.Value.SerializerOptions, cancellationToken)
            ?? throw new CarrierUnavailableException("The carrier answered an empty body.");

    async Task<T> SendAsync<T>(Func<Task<T>> send)
    {
        if (http.BaseAddress is null)
            throw new CarrierUnavailableException("The carrier is not configured (Delivery:Carrier:BaseUrl).");
        try
        {
            return await send();
        }
        catch (Exception e) when (TransportFailure.Is(e) || e is System.Text.Json.JsonException
            or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new CarrierUnavailableException("The carrier could not be reached.", e);
        }
    }
}

/// <summary>The carrier's webhook signature: hex(HMAC-SHA256(shared secret, raw body)).</summary>
public static class WebhookSignature
{
    public const string Header = "X-Signature";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Compares in constant time; an optional "sha256=" prefix and upper-case hex are accepted.</summary>
    public static bool IsValid(string? secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(signature)) return false;
        var hex = signature.Trim();
        if (hex.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) hex = hex[7..];
        byte[] given;
        try
        {
            given = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
