using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.AgencyRequests.Simulation;
using JudicialRecords.Api.Tests.Applications;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Domain.Applications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JudicialRecords.Api.Tests.AgencyRequests;

/// <summary>The service with a clock the overdue test moves (it tells the real time otherwise).</summary>
public sealed class AgencyRequestsApiFactory : ApplicationsApiFactory
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AgencyRequests:ChaseSchedule", "0 0 1 1 *"); // the tests run the chase themselves, on the moved clock
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>People born before 1992 (adults before July 2010), their applications, and the simulated agencies.</summary>
public sealed class Exchange3(AgencyRequestsApiFactory api)
{
    public const string Police = "CA-DNA";
    public const string Court = "TAND-DNA";

    public Desk Desk { get; } = new(api);

    public HttpClient PoliceClient => api.ClientAs("police", Police);

    public HttpClient CourtClient => api.ClientAs("court", Court);

    public async Task<Citizen> BornIn(int year)
    {
        var dateOfBirth = new DateOnly(year, Random.Shared.Next(1, 13), Random.Shared.Next(1, 29));
        return await Desk.Registered(new Citizen(Agencies.PersonalId(dateOfBirth), "Phạm Văn Đức", dateOfBirth));
    }

    /// <summary>Applies for <paramref name="form"/> and pays; returns the application id.</summary>
    public async Task<Guid> ApplyAndPay(Citizen person, int form = 1)
    {
        var me = Desk.As(person);
        var (id, _) = await Desk.Apply(me, Desk.Form1(person, b => b["formType"] = form));
        var paid = await Desk.Pay(me, id, 200_000, $"PAY-{id:N}");
        Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        return id;
    }

    public AgencySimulator Simulator(SimulatedAgency agency, SimulatedFiles? files = null, string? code = null) =>
        new(agency == SimulatedAgency.Police ? api.ClientAs("police", code ?? Police) : api.ClientAs("court", code ?? Court),
            new AgencySimulatorOptions(agency, files ?? new SimulatedFiles(new Dictionary<string, SimulatedFile>()), TimeSpan.Zero,
                TimeSpan.FromMilliseconds(50)),
            TimeProvider.System, NullLogger.Instance);

    public static async Task<List<JsonElement>> Inbox(HttpClient client, string status = "open")
    {
        var response = await client.GetAsync($"/api/v1/exchange/requests?status={status}&limit=1000");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray()];
    }

    public static async Task<JsonElement> RequestFor(HttpClient client, Guid applicationId, string status = "open") =>
        (await Inbox(client, status)).Single(r => r.GetProperty("applicationId").GetGuid() == applicationId);

    public static Task<HttpResponseMessage> Answer(HttpClient client, Guid requestId, JsonObject body, string? key) =>
        Agencies.Post(client, $"/api/v1/exchange/requests/{requestId}/answer", body, key);

    public static JsonObject NoRecord(string? number = null) => new()
    {
        ["outcome"] = "noRecord", ["documentNumber"] = number ?? $"{Guid.NewGuid().ToString("N")[..8]}/CV-PV06", ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
    };

    /// <summary>A 2008 theft judgment (Penal Code 1999, Art. 138): two years' imprisonment, served in full on 1 March 2010.</summary>
    public static JsonObject Theft2008(string number = "112/2008/HSST") => new()
    {
        ["judgmentNumber"] = number,
        ["court"] = Court,
        ["judgmentDate"] = "2008-03-10",
        ["effectiveDate"] = "2008-03-25",
        ["offenceDate"] = "2007-09-02",
        ["offences"] = new JsonArray(new JsonObject { ["article"] = "138", ["clause"] = "1", ["name"] = "Trộm cắp tài sản" }),
        ["principalPenalty"] = new JsonObject { ["type"] = "imprisonment", ["months"] = 24 },
        ["courtFeeVnd"] = 200000,
        ["completedOn"] = "2010-03-01",
    };

    public static SimulatedFiles Files(string personalId, VerificationOutcome? police, params JsonObject[] convictions) =>
        new(new Dictionary<string, SimulatedFile> { [personalId] = new(null, police, convictions) });

    /// <summary>Runs the simulators until the application reaches <paramref name="status"/>.</summary>
    public async Task<JsonElement> RunUntil(Guid applicationId, string status, params AgencySimulator[] simulators)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = simulators.Select(s => s.RunAsync(stop.Token)).ToList();
        try
        {
            return await Desk.WaitFor(applicationId, status);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }
    }
}
