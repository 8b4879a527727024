using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Tests.Applications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Delivery;

/// <summary>
/// The service with its carrier adapter reaching the post simulator over HTTP, and the simulator
/// reaching the service's webhook over HTTP, both through the test server.
/// </summary>
public class DeliveryApiFactory : ApplicationsApiFactory
{
    public const string Secret = "test-post-secret";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Delivery:Carrier:BaseUrl", "http://localhost/sim/post/");
        builder.UseSetting("Delivery:Carrier:Secret", Secret);
        builder.UseSetting("Delivery:Simulator:WebhookUrl", "http://localhost/api/v1/delivery/webhooks/vnpost");
        builder.UseSetting("Delivery:Polling:SilentAfter", "00:00:00");
        builder.UseSetting("Delivery:Polling:UnshippedAfter", "00:00:00");
        builder.UseSetting("Delivery:Polling:Cron", "0 0 1 1 *"); // the tests poll the carrier themselves
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(DeliverySetup.CarrierClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddHttpClient(PostSimulator.WebhookClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        });
    }
}

/// <summary>Postal applications, the carrier simulator and the webhook, spoken over HTTP.</summary>
public sealed class PostOffice(DeliveryApiFactory api)
{
    public readonly Desk Desk = new(api);

    /// <summary>An issued application for <paramref name="method"/>, and for post the tracking number of its letter.</summary>
    public async Task<(Guid Id, Citizen Person, string? TrackingNumber)> Issued(string method = "post", string address = "12 Lê Lợi, Biên Hòa, Đồng Nai")
    {
        var person = await Desk.Registered(Citizen.Adult(30));
        var me = Desk.As(person);
        var (id, _) = await Desk.Apply(me, Desk.Form1(person, b =>
            b["delivery"] = new JsonObject { ["method"] = method, ["address"] = method == "post" ? address : null }));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, 200_000, $"PAY-{id:N}")).StatusCode);
        await Desk.WaitFor(id, "issued");
        var delivery = await WaitForDelivery(id, d => method != "post" || d.GetProperty("trackingNumber").ValueKind == JsonValueKind.String);
        return (id, person, method == "post" ? delivery.GetProperty("trackingNumber").GetString() : null);
    }

    /// <summary>Polls until the application's delivery satisfies <paramref name="done"/> (dispatch runs on the Hangfire server).</summary>
    public async Task<JsonElement> WaitForDelivery(Guid id, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var delivery = (await Desk.Get(id)).GetProperty("delivery");
            if (delivery.GetProperty("status").GetString() != "pending" && done(delivery)) return delivery;
            Assert.True(DateTime.UtcNow < until, $"Delivery of {id} is still {delivery}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Makes the simulator report an event; returns what the webhook answered it.</summary>
    public async Task<int?> Report(string trackingNumber, string status, DateTimeOffset occurredAt, string? eventId = null, bool deliver = true)
    {
        var response = await api.CreateClient().PostAsJsonAsync($"/sim/post/shipments/{trackingNumber}/events", new JsonObject
        {
            ["status"] = status, ["occurredAt"] = occurredAt.ToString("O"), ["eventId"] = eventId, ["location"] = "Bưu cục Biên Hòa",
            ["deliver"] = deliver,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var webhook = JsonDocument.Parse(text).RootElement.GetProperty("webhookStatus");
        return webhook.ValueKind == JsonValueKind.Number ? webhook.GetInt32() : null;
    }

    /// <summary>Posts a report straight to the webhook, signed with <paramref name="secret"/> (null: no signature).</summary>
    public Task<HttpResponseMessage> Webhook(string body, string? secret = DeliveryApiFactory.Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/delivery/webhooks/vnpost")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null) request.Headers.Add("X-Signature", WebhookSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return api.CreateClient().SendAsync(request);
    }

    public static string Event(string eventId, string trackingNumber, string status, DateTimeOffset occurredAt) =>
        new JsonObject
        {
            ["eventId"] = eventId, ["trackingNumber"] = trackingNumber, ["status"] = status, ["occurredAt"] = occurredAt.ToString("O"),
            ["location"] = "Bưu cục Biên Hòa",
        }.ToJsonString();

    public static List<string?> Statuses(JsonElement delivery) =>
        [.. delivery.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("status").GetString())];
}
