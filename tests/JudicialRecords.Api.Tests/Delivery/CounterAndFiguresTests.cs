using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Delivery;

public sealed class CounterCollectionTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    readonly PostOffice post = new(api);

    [Fact]
    public async Task a_counter_certificate_is_listed_for_the_clerk_and_marked_collected_with_who_and_when()
    {
        var (id, person, _) = await post.Issued("counter");
        var clerk = post.Desk.Clerk;
        var listed = await WaitUntilListed(clerk, id);
        Assert.Equal(person.FullName, listed.GetProperty("recipient").GetString());
        Assert.Equal(2, listed.GetProperty("copies").GetInt32()); // the clerk prints as many as were paid for
        Assert.Equal(HttpStatusCode.Forbidden, (await post.Desk.As(person).GetAsync("/api/v1/delivery/counter")).StatusCode);

        var nul = await clerk.PostAsJsonAsync($"/api/v1/delivery/counter/{id}/collected", new JsonObject { ["receivedBy"] = "Nguyễn\u0000An" });
        Assert.True((await nul.AssertProblem(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("receivedBy", out _));
        var collected = await clerk.PostAsJsonAsync($"/api/v1/delivery/counter/{id}/collected", new JsonObject { ["receivedBy"] = null });
        Assert.Equal(HttpStatusCode.OK, collected.StatusCode);

        var application = await post.Desk.Get(id);
        Assert.Equal("delivered", application.GetProperty("status").GetString());
        var delivery = application.GetProperty("delivery");
        Assert.Equal("collected", delivery.GetProperty("status").GetString());
        Assert.Equal(2, delivery.GetProperty("copies").GetInt32());
        Assert.Equal("clerk-01", delivery.GetProperty("collected").GetProperty("by").GetProperty("userId").GetString());
        Assert.True(delivery.GetProperty("collected").GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var list = await clerk.GetFromJsonAsync<JsonElement>("/api/v1/delivery/counter");
        Assert.DoesNotContain(list.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("applicationId").GetGuid() == id);
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/v1/delivery/counter/{id}/collected", null)).StatusCode);
    }

    [Fact]
    public async Task a_certificate_and_its_delivery_are_written_in_one_transaction()
    {
        var (id, _, _) = await post.Issued("electronic");

        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var issued = (await session.Events.FetchStreamAsync(ApplicationSnapshot.KeyOf(id))).Single(e => e.Data is CertificateIssued);
        var opened = (await session.Events.FetchStreamAsync(DeliveryTracking.KeyOf(id))).Single(e => e.Data is DeliveryOpened);
        // A row's xmin is the transaction that wrote it: a delivery opened afterwards, by the subscription, has another.
        var transactions = await session.AdvancedSql.QueryAsync<long>(
            $"select count(distinct xmin::text) from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id = any(?)",
            CancellationToken.None, new[] { issued.Sequence, opened.Sequence });
        Assert.Equal(1, transactions.Single());
    }

    [Fact]
    public async Task a_postal_certificate_cannot_be_collected_at_the_counter()
    {
        var (id, _, _) = await post.Issued();

        var response = await post.Desk.Clerk.PostAsync($"/api/v1/delivery/counter/{id}/collected", null);

        await response.AssertProblem(HttpStatusCode.Conflict);
    }

    static async Task<JsonElement> WaitUntilListed(HttpClient clerk, Guid id)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var list = await clerk.GetFromJsonAsync<JsonElement>("/api/v1/delivery/counter");
            var item = list.GetProperty("certificates").EnumerateArray().FirstOrDefault(c => c.GetProperty("applicationId").GetGuid() == id);
            if (item.ValueKind == JsonValueKind.Object) return item;
            Assert.True(DateTime.UtcNow < until, $"{id} is not listed at the counter.");
            await Task.Delay(100);
        }
    }
}

/// <summary>On a database of its own, so that the figures count exactly these applications.</summary>
public sealed class DeliveryFiguresTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    readonly PostOffice post = new(api);

    [Fact]
    public async Task the_figures_give_the_share_by_post_the_median_days_to_delivery_and_the_returns()
    {
        var (_, _, fastLetter) = await post.Issued();
        var (_, _, slowLetter) = await post.Issued();
        var (_, _, lostLetter) = await post.Issued();
        await post.Issued("counter");
        var now = DateTimeOffset.UtcNow;
        await post.Report(fastLetter!, "delivered", now.AddDays(2));
        await post.Report(slowLetter!, "delivered", now.AddDays(4));
        await post.Report(lostLetter!, "returned", now.AddDays(10));

        // The counter certificate's delivery opens asynchronously (a subscription to issuances): wait for it.
        var until = DateTime.UtcNow.AddSeconds(60);
        JsonElement figures;
        while ((figures = await post.Desk.Approver().GetFromJsonAsync<JsonElement>("/api/v1/delivery/figures")).GetProperty("issued").GetInt32() < 4
            && DateTime.UtcNow < until)
            await Task.Delay(100);

        Assert.Equal(4, figures.GetProperty("issued").GetInt32());
        Assert.Equal(3, figures.GetProperty("post").GetInt32());
        Assert.Equal(0.75, figures.GetProperty("postShare").GetDouble());
        Assert.Equal(2, figures.GetProperty("deliveredByPost").GetInt32());
        Assert.InRange(figures.GetProperty("medianDaysToDelivery").GetDouble(), 2.9, 3.1);
        Assert.Equal(1, figures.GetProperty("returns").GetInt32());
        Assert.Equal(1, figures.GetProperty("waitingAtCounter").GetInt32());
        Assert.Equal(0, figures.GetProperty("onTheirWay").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await post.Desk.As(Applications.Citizen.Adult()).GetAsync("/api/v1/delivery/figures")).StatusCode);
    }
}

public sealed class PostSimulatorOutsideDevelopmentTests(ProductionApiFactory api) : IClassFixture<ProductionApiFactory>
{
    [Fact]
    public async Task the_post_simulator_does_not_exist_outside_development()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/sim/post/shipments", new JsonObject { ["reference"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
