using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Delivery;

public sealed class PostalDeliveryTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    readonly PostOffice post = new(api);
    static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);

    [Fact]
    public async Task a_postal_application_goes_issued_dispatched_delivered_with_each_carrier_event_visible_in_order()
    {
        var (id, person, tracking) = await post.Issued();
        Assert.Matches("^RR[0-9]{9}VN$", tracking);
        var dispatched = await post.Desk.Get(id, post.Desk.As(person));
        Assert.Equal("dispatched", dispatched.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal("vnpost", dispatched.GetProperty("delivery").GetProperty("carrier").GetString());

        string[] steps = ["accepted", "inTransit", "outForDelivery", "delivered"];
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.Equal(200, await post.Report(tracking!, steps[i], T0.AddMinutes(i * 5)));
            var seen = (await post.Desk.Get(id, post.Desk.As(person))).GetProperty("delivery");
            Assert.Equal(steps[..(i + 1)], PostOffice.Statuses(seen));
            Assert.Equal(steps[i], seen.GetProperty("status").GetString());
        }

        var delivered = await post.Desk.Get(id, post.Desk.As(person));
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(T0.AddMinutes(15), delivered.GetProperty("delivery").GetProperty("deliveredAt").GetDateTimeOffset());
        var last = delivered.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("delivered", last.GetProperty("type").GetString());
        Assert.Equal("carrier", last.GetProperty("by").GetProperty("role").GetString());
    }

    [Fact]
    public async Task out_of_order_and_duplicate_events_do_not_corrupt_the_tracking()
    {
        var (id, _, tracking) = await post.Issued();

        Assert.Equal(200, await post.Report(tracking!, "delivered", T0.AddHours(2), eventId: "ev-delivered"));
        Assert.Equal(200, await post.Report(tracking!, "inTransit", T0.AddHours(1), eventId: "ev-transit"));
        var again = await post.Webhook(PostOffice.Event("ev-delivered", tracking!, "delivered", T0.AddHours(2)));
        var answer = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(answer.GetProperty("recorded").GetBoolean());
        // The same event id with other content is still the same report: recorded once.
        Assert.Equal(HttpStatusCode.OK, (await post.Webhook(PostOffice.Event("ev-transit", tracking!, "returned", T0.AddHours(3)))).StatusCode);

        var application = await post.Desk.Get(id);
        var delivery = application.GetProperty("delivery");
        Assert.Equal(["inTransit", "delivered"], PostOffice.Statuses(delivery));
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal("delivered", application.GetProperty("status").GetString());
        Assert.Single(application.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "delivered");
    }

    [Fact]
    public async Task a_forged_or_missing_signature_is_refused_with_401_and_nothing_is_written()
    {
        var (id, _, tracking) = await post.Issued();
        var before = await post.Desk.Get(id);
        var body = PostOffice.Event("forged-1", tracking!, "delivered", T0);

        var forged = await post.Webhook(body, secret: "not-the-secret");
        var missing = await post.Webhook(body, secret: null);
        var tampered = new HttpRequestMessage(HttpMethod.Post, "/api/v1/delivery/webhooks/vnpost")
        {
            Content = new StringContent(body.Replace("delivered", "returned"), System.Text.Encoding.UTF8, "application/json"),
        };
        tampered.Headers.Add("X-Signature", WebhookSignature.Sign(DeliveryApiFactory.Secret, System.Text.Encoding.UTF8.GetBytes(body)));
        var altered = await api.CreateClient().SendAsync(tampered);

        var otherCarrier = new HttpRequestMessage(HttpMethod.Post, "/api/v1/delivery/webhooks/other-post")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        otherCarrier.Headers.Add("X-Signature", WebhookSignature.Sign(DeliveryApiFactory.Secret, System.Text.Encoding.UTF8.GetBytes(body)));
        // api.md: 200 or 401. A carrier the service has no secret with cannot be authenticated.
        await (await api.CreateClient().SendAsync(otherCarrier)).AssertProblem(HttpStatusCode.Unauthorized);
        await forged.AssertProblem(HttpStatusCode.Unauthorized, "urn:judicialrecords:problem:unauthorized");
        await missing.AssertProblem(HttpStatusCode.Unauthorized);
        await altered.AssertProblem(HttpStatusCode.Unauthorized);
        var after = await post.Desk.Get(id);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Empty(PostOffice.Statuses(after.GetProperty("delivery")));
        Assert.Equal("dispatched", after.GetProperty("delivery").GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_signed_report_on_a_tracking_number_no_letter_travels_under_is_held_not_dropped()
    {
        var response = await post.Webhook(PostOffice.Event("stranger-1", "EZ000000000VN", "delivered", T0));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("stranger-1", receipt.GetProperty("eventId").GetString());
        Assert.False(receipt.GetProperty("recorded").GetBoolean());
        Assert.True(receipt.GetProperty("held").GetBoolean());
        await using var session = api.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Assert.Equal("EZ000000000VN", (await session.LoadAsync<HeldTrackingReport>("stranger-1"))?.TrackingNumber);
    }

    /// <param name="behindStrangers">
    /// Whether more reports on numbers no letter of ours travels under than a polling run takes are held, all older than this one.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_held_report_whose_letter_was_recorded_since_is_applied_by_the_next_polling_run(bool behindStrangers)
    {
        var (id, _, tracking) = await post.Issued();
        var strangers = behindStrangers ? api.Services.GetRequiredService<DeliveryOptions>().Polling.BatchSize + 1 : 0;
        var held = $"held-transit-{behindStrangers}";
        // The dispatch committed the tracking number and stopped before applying what the webhook held for it.
        await using (var session = api.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            for (var i = 0; i < strangers; i++)
                session.Store(new HeldTrackingReport($"stranger-old-{i}", $"EZ{i:000000000}VN",
                    new TrackingEvent($"stranger-old-{i}", TrackingStatus.InTransit, T0, null), "webhook", DateTimeOffset.UtcNow.AddDays(-1)));
            session.Store(new HeldTrackingReport(held, tracking!, new TrackingEvent(held, TrackingStatus.InTransit, T0, null), "webhook",
                DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        using (var scope = api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PollCarrierJob>().RunAsync(CancellationToken.None);

        Assert.Equal(["inTransit"], PostOffice.Statuses((await post.Desk.Get(id)).GetProperty("delivery")));
        await using var query = api.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Assert.Null(await query.LoadAsync<HeldTrackingReport>(held));
        if (behindStrangers) Assert.NotNull(await query.LoadAsync<HeldTrackingReport>("stranger-old-0"));
    }

    /// <summary>A returned letter redirected to a new address, straight through the writer: no dispatch job is enqueued.</summary>
    async Task<(Guid Id, JudicialRecords.Api.Tests.Applications.Citizen Person, string? First, DeliveryChange Redirected)> ReturnedAndRedirectedWithoutItsDispatch()
    {
        var (id, person, first) = await post.Issued();
        await post.Report(first!, "returned", T0.AddDays(7));
        var redirected = await api.Services.GetRequiredService<DeliveryWriter>().ChangeAsync(id,
            (state, now) => DeliveryWorkflow.Redirect(state, DeliveryMethod.Post, "5 Trần Phú, Hải Châu, Đà Nẵng", new Actor(person.PersonalId, "applicant"), now),
            CancellationToken.None);
        Assert.Equal(DeliveryChangeOutcome.Done, redirected.Outcome);
        return (id, person, first, redirected);
    }

    [Fact]
    public async Task a_report_that_comes_before_its_tracking_number_is_recorded_is_kept_and_applied_once_it_is()
    {
        var (id, person, _, _) = await ReturnedAndRedirectedWithoutItsDispatch();
        // The dispatch has created the shipment at the carrier and not yet committed its tracking number when the carrier reports.
        var created = await api.CreateClient().PostAsJsonAsync("/sim/post/shipments", new JsonObject
        {
            ["reference"] = $"{id:N}-2", ["recipient"] = person.FullName, ["address"] = "5 Trần Phú, Hải Châu, Đà Nẵng",
        });
        var second = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingNumber").GetString()!;
        Assert.Equal(200, await post.Report(second, "accepted", T0.AddDays(8), eventId: "early-accepted"));

        using (var scope = api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunAsync(id, CancellationToken.None);

        var delivery = (await post.Desk.Get(id)).GetProperty("delivery");
        Assert.Equal(second, delivery.GetProperty("trackingNumber").GetString());
        Assert.Equal(["accepted"], PostOffice.Statuses(delivery));
        Assert.Equal("accepted", delivery.GetProperty("status").GetString());
    }

    [Fact]
    public async Task the_carrier_simulator_keeps_every_event_reported_at_once()
    {
        var (_, _, tracking) = await post.Issued();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            post.Report(tracking!, "inTransit", T0.AddMinutes(i), eventId: $"burst-{i}", deliver: false)));

        var shipment = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/sim/post/shipments/{tracking}");
        var ids = shipment.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).ToList();
        Assert.All(Enumerable.Range(0, 6), i => Assert.Contains($"burst-{i}", ids));
    }

    [Fact]
    public async Task a_report_with_missing_fields_is_refused_naming_them()
    {
        var response = await post.Webhook("""{"trackingNumber":"RR000000000VN","status":"inTransit"}""");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("eventId", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("occurredAt", out _), problem.ToString());
    }

    [Fact]
    public async Task a_clerk_redirects_a_returned_letter_for_whoever_has_no_account_to_do_it_with()
    {
        var (id, _, first) = await post.Issued();
        await post.Report(first!, "returned", T0.AddDays(7));

        var atCounter = await post.Desk.Clerk.PostAsJsonAsync($"/api/v1/applications/{id}/delivery", new JsonObject { ["method"] = "counter" });

        Assert.Equal(HttpStatusCode.OK, atCounter.StatusCode);
        Assert.Equal("readyForCollection", (await post.Desk.Get(id)).GetProperty("delivery").GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_returned_letter_can_be_redirected_by_its_owner_and_a_new_letter_follows()
    {
        var (id, person, first) = await post.Issued();
        var me = post.Desk.As(person);
        var early = await me.PostAsJsonAsync($"/api/v1/applications/{id}/delivery", new JsonObject { ["method"] = "counter" });
        await early.AssertProblem(HttpStatusCode.Conflict);

        await post.Report(first!, "deliveryFailed", T0.AddHours(1));
        await post.Report(first!, "returned", T0.AddDays(7));
        var returned = await post.Desk.Get(id, me);
        Assert.Equal("returned", returned.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal("issued", returned.GetProperty("status").GetString());

        var stranger = post.Desk.As(await post.Desk.Registered(Applications.Citizen.Adult()));
        var foreign = await stranger.PostAsJsonAsync($"/api/v1/applications/{id}/delivery",
            new JsonObject { ["method"] = "post", ["address"] = "Somewhere" });
        await foreign.AssertProblem(HttpStatusCode.NotFound);
        var noAddress = await me.PostAsJsonAsync($"/api/v1/applications/{id}/delivery", new JsonObject { ["method"] = "post" });
        var invalid = await noAddress.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("address", out _), invalid.ToString());
        // PostgreSQL refuses a NUL in text: a 400 naming the field, not a 500.
        var nul = await me.PostAsJsonAsync($"/api/v1/applications/{id}/delivery", new JsonObject { ["method"] = "post", ["address"] = "5 Trần\u0000Phú" });
        Assert.True((await nul.AssertProblem(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("address", out _));

        var redirected = await me.PostAsJsonAsync($"/api/v1/applications/{id}/delivery",
            new JsonObject { ["method"] = "post", ["address"] = "5 Trần Phú, Hải Châu, Đà Nẵng" });
        Assert.Equal(HttpStatusCode.OK, redirected.StatusCode);

        var second = await post.WaitForDelivery(id, d => d.GetProperty("trackingNumber").GetString() is { } n && n != first);
        Assert.Equal("dispatched", second.GetProperty("status").GetString());
        Assert.Equal("5 Trần Phú, Hải Châu, Đà Nẵng", second.GetProperty("address").GetString());
        var previous = Assert.Single(second.GetProperty("previousShipments").EnumerateArray());
        Assert.Equal(first, previous.GetProperty("trackingNumber").GetString());
        Assert.Equal("returned", previous.GetProperty("status").GetString());

        Assert.Equal(200, await post.Report(second.GetProperty("trackingNumber").GetString()!, "delivered", T0.AddDays(9)));
        Assert.Equal("delivered", (await post.Desk.Get(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_report_the_webhook_never_got_is_found_by_polling_the_carrier()
    {
        var (id, _, tracking) = await post.Issued();
        Assert.Null(await post.Report(tracking!, "inTransit", T0, deliver: false));
        Assert.Null(await post.Report(tracking!, "delivered", T0.AddHours(5), deliver: false));
        Assert.Equal("dispatched", (await post.Desk.Get(id)).GetProperty("delivery").GetProperty("status").GetString());

        using (var scope = api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PollCarrierJob>().RunAsync(CancellationToken.None);

        var application = await post.Desk.Get(id);
        Assert.Equal(["inTransit", "delivered"], PostOffice.Statuses(application.GetProperty("delivery")));
        Assert.Equal("delivered", application.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_letter_whose_dispatch_job_was_lost_is_shipped_by_the_next_polling_run()
    {
        // The redirection commits, and the process dies before it enqueues the dispatch job.
        var (id, _, first, redirected) = await ReturnedAndRedirectedWithoutItsDispatch();
        Assert.NotNull(DeliveryWorkflow.PendingShipment(redirected.State!));

        using (var scope = api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PollCarrierJob>().RunAsync(CancellationToken.None);

        var delivery = (await post.Desk.Get(id)).GetProperty("delivery");
        Assert.Equal("dispatched", delivery.GetProperty("status").GetString());
        Assert.NotEqual(first, delivery.GetProperty("trackingNumber").GetString());
        Assert.Equal("5 Trần Phú, Hải Châu, Đà Nẵng", delivery.GetProperty("address").GetString());
    }

    [Fact]
    public async Task the_delivery_and_the_application_becoming_delivered_are_one_write()
    {
        var (id, _, tracking) = await post.Issued();

        // What the webhook and the polling job both do, in one transaction: nothing after it is needed to close the application.
        var change = await api.Services.GetRequiredService<DeliveryWriter>().ChangeAsync(id, (state, now) =>
            DeliveryWorkflow.RecordTracking(state, tracking!, new TrackingEvent("ev-one-write", TrackingStatus.Delivered, T0, null), "poll", now),
            CancellationToken.None);

        Assert.Equal(DeliveryChangeOutcome.Done, change.Outcome);
        var application = await post.Desk.Get(id);
        Assert.Equal("delivered", application.GetProperty("status").GetString());
        Assert.Equal("carrier", application.GetProperty("timeline").EnumerateArray().Last().GetProperty("by").GetProperty("role").GetString());
    }

    [Fact]
    public async Task dispatching_twice_ships_one_letter()
    {
        var (id, _, tracking) = await post.Issued();

        using (var scope = api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunAsync(id, CancellationToken.None);

        var delivery = (await post.Desk.Get(id)).GetProperty("delivery");
        Assert.Equal(tracking, delivery.GetProperty("trackingNumber").GetString());
        Assert.Empty(delivery.GetProperty("previousShipments").EnumerateArray());
        var again = await api.CreateClient().PostAsJsonAsync("/sim/post/shipments", new JsonObject
        {
            ["reference"] = $"{id:N}-1", ["recipient"] = "x", ["address"] = "y",
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(tracking, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingNumber").GetString());
    }
}
