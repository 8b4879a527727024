using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;

namespace JudicialRecords.Api.Tests.Resilience;

/// <summary>The real service as its own process, killed with SIGKILL while courts push judgments.</summary>
public sealed class CrashDuringIngestionTests
{
    static readonly DateOnly Born = new(1985, 6, 1);

    [Fact]
    public async Task a_killed_api_loses_no_acknowledged_judgment_and_retries_duplicate_none()
    {
        var service = new ServiceProcess("crash");
        using var http = service.Client(Roles.Court, Agencies.Court);
        using var clerk = service.Client(Roles.Clerk);

        var attempted = new ConcurrentDictionary<string, JsonObject>();
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var api = await service.StartAsync();
        using var stop = new CancellationTokenSource();
        var enough = new TaskCompletionSource();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var key = Guid.NewGuid().ToString();
                var judgment = Agencies.Judgment(Agencies.PersonalId(Born), Born, new DateOnly(2021, 4, 1));
                attempted[key] = judgment;
                try
                {
                    var response = await Push(http, key, judgment);
                    if (response.StatusCode == HttpStatusCode.Created) acknowledged[key] = await ConvictionId(response);
                    if (acknowledged.Count > 10) enough.TrySetResult();
                }
                catch (Exception e) when (TransportFailure.Is(e) || e is TaskCanceledException)
                {
                    // The server died under this request: the client will retry it.
                }
            }
        })).ToArray();

        // Killed while the clients keep pushing, once some pushes are acknowledged (a cold, loaded machine may take a while).
        await Task.WhenAny(enough.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        api.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown
        await api.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} pushes were acknowledged before the kill");

        using var restarted = await service.StartAsync();
        try
        {
            foreach (var (key, judgment) in attempted)
            {
                var response = await Push(http, key, judgment);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var convictionId = await ConvictionId(response);
                if (acknowledged.TryGetValue(key, out var first)) Assert.Equal(first, convictionId);

                var personalId = judgment["person"]!["personalId"]!.GetValue<string>();
                var record = await clerk.GetAsync($"/api/v1/records/{personalId}");
                var convictions = JsonDocument.Parse(await record.Content.ReadAsStringAsync()).RootElement.GetProperty("convictions");
                Assert.Equal(convictionId, Assert.Single(convictions.EnumerateArray()).GetProperty("convictionId").GetGuid());
            }
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
        }
    }

    static async Task<HttpResponseMessage> Push(HttpClient http, string key, JsonObject judgment)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/exchange/judgments") { Content = JsonContent.Create(judgment) };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    static async Task<Guid> ConvictionId(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("convictionId").GetGuid();
}
