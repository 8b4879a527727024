using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>A clock the test moves; it tells the real time until told otherwise (tokens are minted with it).</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset? Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now ?? System.GetUtcNow();
}

/// <summary>An authority with its own fees and holidays, and instant issuance off.</summary>
public sealed class ConfiguredApplicationsApiFactory : ApplicationsApiFactory
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Applications:InstantIssuance", "false");
        builder.UseSetting("Applications:Fees:StandardVnd", "250000");
        builder.UseSetting("Applications:Fees:ExtraCopyVnd", "10000");
        builder.UseSetting("Applications:Holidays:0", "2026-11-12");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class ConfiguredApplicationTests(ConfiguredApplicationsApiFactory api) : IClassFixture<ConfiguredApplicationsApiFactory>
{
    readonly Desk desk = new(api);

    // Monday 2 November 2026, 10:00 in Vietnam.
    static readonly DateTimeOffset Monday = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task fees_and_holidays_come_from_configuration_and_a_late_answer_is_flagged_overdue()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var clerk = desk.Clerk;
        api.Clock.Now = Monday;
        try
        {
            var (id, accepted) = await desk.Apply(me, Desk.Form1(person, b => { b["copies"] = 3; b["delivery"] = new JsonObject { ["method"] = "counter" }; }));
            Assert.Equal(260_000, accepted.GetProperty("feeVnd").GetInt64());
            Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, 260_000, "CFG-1")).StatusCode);
            var (complex, _) = await desk.Apply(me, Desk.Form1(person, b => b["livedInSeveralProvinces"] = true));

            // Ten days end on Thursday 12 November, a configured holiday: the deadline moves to Friday.
            var paid = await desk.Get(id, clerk);
            Assert.Equal("2026-11-13", paid.GetProperty("dueDate").GetString());
            Assert.Equal("2026-11-17", (await desk.Get(complex, clerk)).GetProperty("dueDate").GetString());
            // Instant issuance is off: the service files its check and an approver decides.
            Assert.Equal("awaitingDecision", paid.GetProperty("status").GetString());
            Assert.False(paid.GetProperty("overdue").GetBoolean());

            api.Clock.Now = new DateTimeOffset(2026, 11, 14, 0, 0, 0, TimeSpan.FromHours(7));
            var late = await desk.Get(id, clerk);
            Assert.True(late.GetProperty("overdue").GetBoolean());
            var queue = await clerk.GetFromJsonAsync<JsonObject>("/api/v1/applications?status=awaitingDecision&limit=1000");
            var item = queue!["applications"]!.AsArray().Single(a => a!["applicationId"]!.GetValue<Guid>() == id)!;
            Assert.True(item["overdue"]!.GetValue<bool>());
            // Unpaid: the clock has not started, so it is never overdue.
            Assert.False((await desk.Get(complex, clerk)).GetProperty("overdue").GetBoolean());
        }
        finally
        {
            api.Clock.Now = null;
        }
    }
}

public sealed class SimulatorOutsideDevelopmentTests(ProductionApiFactory api) : IClassFixture<ProductionApiFactory>
{
    [Fact]
    public async Task the_population_simulator_does_not_exist_outside_development()
    {
        var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sim/population/people/075090001234")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsync("/sim/population/people", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }
}
