using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Tests.Infrastructure;

namespace JudicialRecords.Api.Tests.Exchange;

/// <summary>Agencies pushing realistic messages over HTTP, and a clerk reading the result.</summary>
public sealed class Agencies(ApiFactory api)
{
    public const string Court = "TAND-DNA";
    public const string OtherCourt = "TAND-HCM";
    public const string Police = "CA-DNA";
    public const string Enforcement = "THADS-DNA";

    static int _serial = Random.Shared.Next(100_000, 800_000);

    /// <summary>A personal ID consistent with the birth date and sex, unique within the test run.</summary>
    public static string PersonalId(DateOnly dateOfBirth, bool female = false)
    {
        var centuryDigit = (dateOfBirth.Year / 100 - 19) * 2 + (female ? 1 : 0);
        return $"075{centuryDigit}{dateOfBirth.Year % 100:00}{Interlocked.Increment(ref _serial):000000}";
    }

    public static JsonObject Person(string personalId, DateOnly dateOfBirth, string residence = "Biên Hòa, Đồng Nai") => new()
    {
        ["personalId"] = personalId,
        ["fullName"] = "Nguyễn Văn An",
        ["dateOfBirth"] = dateOfBirth.ToString("yyyy-MM-dd"),
        ["sex"] = "male",
        ["nationality"] = "Việt Nam",
        ["residence"] = residence,
        ["fatherName"] = "Nguyễn Văn Bình",
        ["motherName"] = "Trần Thị Cúc",
    };

    /// <summary>A theft judgment (Art. 173, chapter XVI) with a prison term.</summary>
    public static JsonObject Judgment(string personalId, DateOnly dateOfBirth, DateOnly judgmentDate, int prisonMonths = 24,
        string number = "", string court = Court) => new()
    {
        ["judgmentNumber"] = number.Length > 0 ? number : $"{Random.Shared.Next(1, 99999)}/{judgmentDate.Year}/HS-ST",
        ["court"] = court,
        ["judgmentDate"] = judgmentDate.ToString("yyyy-MM-dd"),
        ["effectiveDate"] = judgmentDate.AddDays(15).ToString("yyyy-MM-dd"),
        ["offenceDate"] = judgmentDate.AddMonths(-6).ToString("yyyy-MM-dd"),
        ["person"] = Person(personalId, dateOfBirth),
        ["offences"] = new JsonArray(new JsonObject { ["article"] = "173", ["clause"] = "1", ["name"] = "Trộm cắp tài sản", ["chapter"] = "XVI" }),
        ["principalPenalty"] = new JsonObject { ["type"] = "imprisonment", ["months"] = prisonMonths },
        ["courtFeeVnd"] = 0,
    };

    public HttpClient Client(string role, string agency) => api.ClientAs(role, agency);

    public static async Task<HttpResponseMessage> Post(HttpClient client, string path, JsonNode body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public async Task<Guid> PushJudgment(JsonObject judgment, string court = Court)
    {
        var response = await Post(Client("court", court), "/api/v1/exchange/judgments", judgment, Guid.NewGuid().ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("convictionId").GetGuid();
    }

    public async Task SentenceEvent(string personalId, Guid convictionId, string type, DateOnly on, string role = "police",
        string agency = Police, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject
        {
            ["personalId"] = personalId, ["convictionId"] = convictionId, ["type"] = type,
            ["effectiveDate"] = on.ToString("yyyy-MM-dd"), ["documentNumber"] = $"{Random.Shared.Next(1, 9999)}/GCN",
            ["documentDate"] = on.ToString("yyyy-MM-dd"),
        };
        extra?.Invoke(body);
        var response = await Post(Client(role, agency), "/api/v1/exchange/sentence-events", body, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task CourtDecision(string personalId, Guid convictionId, string type, DateOnly on, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject
        {
            ["personalId"] = personalId, ["convictionId"] = convictionId, ["type"] = type,
            ["documentNumber"] = $"{Random.Shared.Next(1, 9999)}/QĐ", ["documentDate"] = on.ToString("yyyy-MM-dd"),
        };
        extra?.Invoke(body);
        var response = await Post(Client("court", Court), "/api/v1/exchange/court-decisions", body, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> Record(string personalId, DateOnly asOf)
    {
        var response = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{personalId}?asOf={asOf:yyyy-MM-dd}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task<JsonElement> Conviction(string personalId, Guid convictionId, DateOnly asOf)
    {
        var record = await Record(personalId, asOf);
        return record.GetProperty("convictions").EnumerateArray().Single(c => c.GetProperty("convictionId").GetGuid() == convictionId);
    }

    public async Task<string> Status(string personalId, Guid convictionId, DateOnly asOf) =>
        (await Conviction(personalId, convictionId, asOf)).GetProperty("status").GetString()!;

    /// <summary>How many events the person's history holds; 0 when there is no record.</summary>
    public async Task<int> HistoryCount(string personalId)
    {
        var response = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{personalId}/history");
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("events").GetArrayLength();
    }
}
