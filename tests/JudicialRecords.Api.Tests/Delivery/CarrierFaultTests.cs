using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Delivery;

/// <summary>
/// Makes the carrier misbehave for letters whose address contains a marker: answer a status of its choosing, or fail in a way
/// nobody planned for. Every other letter reaches the simulator untouched.
/// </summary>
public sealed class CarrierFaults
{
    readonly ConcurrentDictionary<string, HttpStatusCode?> faults = new();
    readonly ConcurrentDictionary<string, int> hits = new();

    /// <summary>The carrier behaves again: letters left unshipped by a test are shipped by the next one's polling.</summary>
    public void Clear() => faults.Clear();

    /// <summary>A null status throws an <see cref="InvalidOperationException"/> instead of answering.</summary>
    public void Set(string marker, HttpStatusCode? status) => faults[marker] = status;

    /// <summary>How many shipments were asked for letters with <paramref name="marker"/> in their address.</summary>
    public int Hits(string marker) => hits.GetValueOrDefault(marker);

    internal sealed class Handler(CarrierFaults faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || request.Content is null) return await base.SendAsync(request, cancellationToken);
            var body = await request.Content.ReadAsStringAsync(cancellationToken);
            var address = JsonNode.Parse(body)?["address"]?.GetValue<string>() ?? "";
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            foreach (var (marker, status) in faults.faults)
            {
                if (!address.Contains(marker, StringComparison.Ordinal)) continue;
                faults.hits.AddOrUpdate(marker, 1, (_, n) => n + 1);
                if (status is not { } answer) throw new InvalidOperationException("Something nobody planned for.");
                return new HttpResponseMessage(answer)
                {
                    Content = new StringContent("""{"title":"Refused","detail":"No delivery to this address."}""", Encoding.UTF8, "application/problem+json"),
                };
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Makes the service's webhook look unavailable to the carrier simulator for its next few calls.</summary>
public sealed class WebhookFaults
{
    int failing;

    public void FailNext(int calls) => Volatile.Write(ref failing, calls);

    internal sealed class Handler(WebhookFaults faults) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref faults.failing) >= 0
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
                : base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The delivery service with a carrier that can be told to refuse, fail or break for chosen letters, and a webhook that fails.</summary>
public sealed class FaultyCarrierApiFactory : DeliveryApiFactory
{
    public CarrierFaults Faults { get; } = new();

    public WebhookFaults Webhook { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(DeliverySetup.CarrierClientName).AddHttpMessageHandler(() => new CarrierFaults.Handler(Faults));
            services.AddHttpClient(PostSimulator.WebhookClientName).AddHttpMessageHandler(() => new WebhookFaults.Handler(Webhook));
        });
    }
}

public sealed class CarrierFaultTests(FaultyCarrierApiFactory api) : IClassFixture<FaultyCarrierApiFactory>, IDisposable
{
    readonly PostOffice post = new(api);
    static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);

    [Fact]
    public async Task a_letter_the_carrier_refuses_or_that_fails_does_not_hold_back_the_letters_behind_it_nor_the_polling()
    {
        api.Faults.Set("Refused", HttpStatusCode.UnprocessableEntity);
        api.Faults.Set("Flaky", HttpStatusCode.ServiceUnavailable);
        api.Faults.Set("Broken", null);
        // Oldest first: the refused letter, one the carrier is briefly unavailable for, one that fails unexpectedly, then a good one.
        var refused = await Unshipped("1 Refused street, Biên Hòa");
        var flaky = await Unshipped("2 Flaky street, Biên Hòa");
        var broken = await Unshipped("3 Broken street, Biên Hòa");
        var good = await Unshipped("4 Good street, Biên Hòa");
        var (silent, _, silentTracking) = await post.Issued();
        Assert.Null(await post.Report(silentTracking!, "inTransit", T0, deliver: false));

        await Poll();

        Assert.Equal("dispatched", (await Delivery(good)).GetProperty("status").GetString());
        Assert.Equal(["inTransit"], PostOffice.Statuses(await Delivery(silent)));
        Assert.Equal("dispatchRequested", (await Delivery(flaky)).GetProperty("status").GetString());
        Assert.Equal("dispatchRequested", (await Delivery(broken)).GetProperty("status").GetString());
        var refusal = await Delivery(refused);
        Assert.Equal("dispatchRefused", refusal.GetProperty("status").GetString());
        Assert.Contains("422", refusal.GetProperty("refusal").GetProperty("reason").GetString());

        // Refused for good: not asked again, and the person chooses another way.
        var asked = api.Faults.Hits("Refused");
        await Poll();
        Assert.Equal(asked, api.Faults.Hits("Refused"));
        var owner = post.Desk.As(owners[refused]);
        var redirected = await owner.PostAsJsonAsync($"/api/v1/applications/{refused}/delivery", new JsonObject { ["method"] = "counter" });
        Assert.Equal(HttpStatusCode.OK, redirected.StatusCode);
        Assert.Equal("readyForCollection", (await Delivery(refused)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_carrier_outage_stops_the_shipping_after_a_few_failures_in_a_row_and_the_polling_still_runs()
    {
        api.Faults.Set("Outage", HttpStatusCode.BadGateway);
        for (var i = 0; i < PollCarrierJob.OutageAfter + 2; i++) await Unshipped($"{i} Outage street, Biên Hòa");
        var (silent, _, silentTracking) = await post.Issued();
        Assert.Null(await post.Report(silentTracking!, "inTransit", T0, deliver: false));

        await Poll();

        Assert.Equal(PollCarrierJob.OutageAfter, api.Faults.Hits("Outage"));
        Assert.Equal(["inTransit"], PostOffice.Statuses(await Delivery(silent)));
    }

    [Fact]
    public async Task a_report_the_webhook_did_not_take_is_sent_again_by_the_carrier_simulator()
    {
        var (id, _, tracking) = await post.Issued();
        api.Webhook.FailNext(1);

        Assert.Equal(503, await post.Report(tracking!, "inTransit", T0, eventId: "resent-1"));

        Assert.Empty(PostOffice.Statuses(await Delivery(id)));
        var resend = api.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 1000)
            .Single(j => j.Value.Job?.Type == typeof(PostSimulatorRedelivery) && Equals(j.Value.Job.Args[1], "resent-1"));
        Assert.InRange(resend.Value.EnqueueAt, DateTime.UtcNow.AddSeconds(30), DateTime.UtcNow.AddMinutes(2));
        api.Services.GetRequiredService<IBackgroundJobClient>().Requeue(resend.Key); // rather than wait a minute
        await post.WaitForDelivery(id, d => PostOffice.Statuses(d).Contains("inTransit"));
    }

    readonly ConcurrentDictionary<Guid, Applications.Citizen> owners = new();

    /// <summary>An issued letter that came back and was redirected to <paramref name="address"/>, whose dispatch job was lost.</summary>
    async Task<Guid> Unshipped(string address)
    {
        var (id, person, first) = await post.Issued();
        owners[id] = person;
        Assert.Equal(200, await post.Report(first!, "returned", T0));
        var redirected = await api.Services.GetRequiredService<DeliveryWriter>().ChangeAsync(id,
            (state, now) => DeliveryWorkflow.Redirect(state, DeliveryMethod.Post, address, new Actor(person.PersonalId, "applicant"), now),
            CancellationToken.None);
        Assert.Equal(DeliveryChangeOutcome.Done, redirected.Outcome);
        return id;
    }

    async Task Poll()
    {
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PollCarrierJob>().RunAsync(CancellationToken.None);
    }

    async Task<JsonElement> Delivery(Guid id) => (await post.Desk.Get(id)).GetProperty("delivery");

    public void Dispose() => api.Faults.Clear();
}
