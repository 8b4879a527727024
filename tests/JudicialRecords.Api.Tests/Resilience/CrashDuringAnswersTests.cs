using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Api.Tests.AgencyRequests;
using JudicialRecords.Api.Tests.Applications;
using JudicialRecords.Api.Tests.Exchange;

namespace JudicialRecords.Api.Tests.Resilience;

/// <summary>The real service as its own process, killed with SIGKILL while the police answer verification requests.</summary>
public sealed class CrashDuringAnswersTests
{
    const int People = 40;

    [Fact]
    public async Task a_killed_api_loses_no_acknowledged_answer_and_retries_duplicate_none()
    {
        var service = new ServiceProcess("crash_answers");
        using var police = service.Client(Roles.Police, Exchange3.Police);
        using var clerk = service.Client(Roles.Clerk);
        var api = await service.StartAsync();

        // People aged 16 or more before July 2010: each paid application sends a request to the police files.
        await Parallel.ForEachAsync(Enumerable.Range(0, People), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var born = new DateOnly(1970 + i % 20, 1 + i % 12, 1 + i % 28);
            var person = new Citizen(Agencies.PersonalId(born), "Phạm Văn Đức", born);
            await Created(await police.PostAsJsonAsync("/sim/population/people", person.Json()));
            using var me = service.Client(Roles.Applicant, subject: person.PersonalId);
            var submitted = await Created(await me.PostAsJsonAsync("/api/v1/applications", Desk.Form1(person)));
            var applicationId = submitted.GetProperty("applicationId").GetGuid();
            var paid = await Desk.Pay(me, applicationId, 200_000, $"PAY-{applicationId:N}");
            Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        });
        var inbox = await Exchange3.Inbox(police);
        Assert.Equal(People, inbox.Count);

        // Every other person is found in the 2008 files with a theft conviction; the rest have no record.
        var answers = inbox.Select((r, i) => (
            RequestId: r.GetProperty("requestId").GetGuid(),
            PersonalId: r.GetProperty("personalId").GetString()!,
            Body: i % 2 == 0
                ? Exchange3.NoRecord($"{i}/CV-PV06")
                : new JsonObject
                {
                    ["outcome"] = "recordFound", ["documentNumber"] = $"{i}/CV-PV06", ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
                    ["convictions"] = new JsonArray(Exchange3.Theft2008($"{i}/2008/HSST")),
                })).ToList();
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        var queue = new ConcurrentQueue<(Guid RequestId, string PersonalId, JsonObject Body)>(answers);
        var enough = new TaskCompletionSource();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            // Once enough are acknowledged no new answer starts, so the kill always finds some not yet sent (the ones in flight
            // race it), however fast a loaded machine answers the rest in the meantime.
            while (!enough.Task.IsCompleted && queue.TryDequeue(out var answer))
            {
                try
                {
                    var response = await Answer(police, answer.RequestId, answer.Body);
                    if (response.StatusCode == HttpStatusCode.OK) acknowledged[answer.RequestId] = await response.Content.ReadAsStringAsync();
                    if (acknowledged.Count >= People / 4) enough.TrySetResult();
                }
                catch (Exception e) when (TransportFailure.Is(e) || e is TaskCanceledException)
                {
                    // The server died under this answer: the police will send it again.
                }
            }
        })).ToArray();

        await Task.WhenAny(enough.Task, Task.WhenAll(clients));
        api.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown
        await api.WaitForExitAsync();
        await Task.WhenAll(clients);
        Assert.True(acknowledged.Count >= People / 4, $"only {acknowledged.Count} answers were acknowledged before the kill");
        Assert.True(acknowledged.Count < People, "every answer was acknowledged before the kill: nothing was cut short");

        using var restarted = await service.StartAsync();
        try
        {
            foreach (var (requestId, personalId, body) in answers)
            {
                var response = await Answer(police, requestId, body);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                if (acknowledged.TryGetValue(requestId, out var first)) Assert.Equal(first, text);

                var found = body["outcome"]!.GetValue<string>() == "recordFound";
                var convictionIds = JsonDocument.Parse(text).RootElement.GetProperty("convictionIds").EnumerateArray().Select(c => c.GetGuid()).ToList();
                Assert.Equal(found ? 1 : 0, convictionIds.Count);
                var record = await clerk.GetAsync($"/api/v1/records/{personalId}");
                if (found)
                {
                    var convictions = JsonDocument.Parse(await record.Content.ReadAsStringAsync()).RootElement.GetProperty("convictions");
                    Assert.Equal(convictionIds[0], Assert.Single(convictions.EnumerateArray()).GetProperty("convictionId").GetGuid());
                }
                else
                {
                    Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
                }
            }
            Assert.Empty(await Exchange3.Inbox(police));
            Assert.Equal(People, (await Exchange3.Inbox(police, "answered")).Count);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
        }
    }

    static Task<HttpResponseMessage> Answer(HttpClient police, Guid requestId, JsonObject body) =>
        Agencies.Post(police, $"/api/v1/exchange/requests/{requestId}/answer", body, $"answer-{requestId}");

    static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }
}
