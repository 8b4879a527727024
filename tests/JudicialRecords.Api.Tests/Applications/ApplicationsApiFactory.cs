using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Population;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>The service with its population-register adapter reaching the simulator over HTTP, through the test server.</summary>
public class ApplicationsApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Population:BaseUrl", "http://localhost/sim/population/");
        builder.ConfigureTestServices(services => services
            .AddHttpClient(PopulationSetup.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }
}

/// <summary>A person in the population register, and what they send when applying.</summary>
public sealed record Citizen(string PersonalId, string FullName, DateOnly DateOfBirth, string Sex = "male")
{
    static int _names;

    public static Citizen Adult(int age = 30, bool female = false)
    {
        var dateOfBirth = DateOnly.FromDateTime(DateTime.Today).AddYears(-age).AddDays(-Random.Shared.Next(1, 300));
        var n = Interlocked.Increment(ref _names);
        return new Citizen(Agencies.PersonalId(dateOfBirth, female), $"Trần Thị Ánh {n}", dateOfBirth, female ? "female" : "male");
    }

    public JsonObject Json() => new()
    {
        ["personalId"] = PersonalId,
        ["fullName"] = FullName,
        ["dateOfBirth"] = DateOfBirth.ToString("yyyy-MM-dd"),
        ["sex"] = Sex,
        ["nationality"] = "Việt Nam",
    };
}

/// <summary>Applicants, clerks and approvers speaking HTTP to the service.</summary>
public sealed class Desk(ApplicationsApiFactory api)
{
    public HttpClient As(Citizen citizen) => api.ClientAs("applicant", subject: citizen.PersonalId);

    public HttpClient Clerk => api.ClientAs("clerk", subject: "clerk-01");

    public HttpClient Approver(string name = "approver-01") => api.ClientAs("approver", subject: name);

    public async Task<Citizen> Registered(Citizen citizen)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/sim/population/people", new JsonObject
        {
            ["personalId"] = citizen.PersonalId, ["fullName"] = citizen.FullName,
            ["dateOfBirth"] = citizen.DateOfBirth.ToString("yyyy-MM-dd"), ["sex"] = citizen.Sex,
            ["nationality"] = "Việt Nam", ["residence"] = "Biên Hòa, Đồng Nai",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return citizen;
    }

    /// <summary>
    /// A registered adult, born after 1992 by default (no pre-2010 police files to ask, so a clear request is
    /// issued at once), whom a court convicted of theft a year ago in judgment <paramref name="judgmentNumber"/>.
    /// </summary>
    public async Task<Citizen> Convicted(string judgmentNumber, int age = 30)
    {
        var person = await Registered(Citizen.Adult(age));
        var judgment = Agencies.Judgment(person.PersonalId, person.DateOfBirth, DateOnly.FromDateTime(DateTime.Today).AddYears(-1),
            number: judgmentNumber);
        ((JsonObject)judgment["person"]!)["fullName"] = person.FullName;
        await new Agencies(api).PushJudgment(judgment);
        return person;
    }

    public static JsonObject Form1(Citizen applicant, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["formType"] = 1,
            ["applicant"] = applicant.Json(),
            ["purpose"] = "Bổ sung hồ sơ xin việc",
            ["copies"] = 2,
            ["feeCategory"] = "standard",
            ["delivery"] = new JsonObject { ["method"] = "electronic" },
        };
        change?.Invoke(body);
        return body;
    }

    /// <summary>Applies and returns the application id and the answer; an agency sends an Idempotency-Key.</summary>
    public async Task<(Guid Id, JsonElement Body)> Apply(HttpClient client, JsonObject body, string? idempotencyKey = null)
    {
        var response = await Agencies.Post(client, "/api/v1/applications", body, idempotencyKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var json = JsonDocument.Parse(text).RootElement;
        return (json.GetProperty("applicationId").GetGuid(), json);
    }

    public static Task<HttpResponseMessage> Pay(HttpClient client, Guid id, long amount, string reference, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/applications/{id}/payment")
        {
            Content = JsonContent.Create(new JsonObject { ["amountVnd"] = amount, ["reference"] = reference }),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Decide(HttpClient client, Guid id, string decision, string? reason = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/applications/{id}/decision")
        {
            Content = JsonContent.Create(new JsonObject { ["decision"] = decision, ["reason"] = reason }),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public async Task<JsonElement> Get(Guid id, HttpClient? client = null)
    {
        var response = await (client ?? Clerk).GetAsync($"/api/v1/applications/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Polls until the application reaches <paramref name="status"/> (the issuance job runs on the Hangfire server).</summary>
    /// <summary>Requests about the person in any status, as the clerk's queue lists them.</summary>
    public async Task<int> FiledAbout(Citizen person)
    {
        var statuses = string.Join('&', Enum.GetNames<Domain.Applications.ApplicationStatus>().Select(s => $"status={s}"));
        var queue = await Clerk.GetFromJsonAsync<JsonObject>($"/api/v1/applications?limit=1000&{statuses}");
        return queue!["applications"]!.AsArray().Count(a => a!["subject"]!["personalId"]!.GetValue<string>() == person.PersonalId);
    }

    public async Task<JsonElement> WaitFor(Guid id, string status, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var application = await Get(id);
            if (application.GetProperty("status").GetString() == status) return application;
            Assert.True(DateTime.UtcNow < until, $"Application {id} is still {application.GetProperty("status").GetString()}.");
            await Task.Delay(100);
        }
    }
}
