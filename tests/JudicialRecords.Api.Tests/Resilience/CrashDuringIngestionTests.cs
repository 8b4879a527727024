using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Infrastructure.Auth;
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
        var database = TestPostgres.CreateDatabase("crash");
        var port = FreePort();
        var token = new TokenIssuer(TokenIssuer.LoadKey(TestKeys.JwtSigningKeyPath), new AuthOptions(), TimeProvider.System)
            .Issue(Roles.Court, Agencies.Court);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var attempted = new ConcurrentDictionary<string, JsonObject>();
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var api = await Start(database, port, http);
        using var stop = new CancellationTokenSource();
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
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The server died under this request: the client will retry it.
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        api.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown
        await api.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} pushes were acknowledged before the kill");

        using var restarted = await Start(database, port, http);
        try
        {
            foreach (var (key, judgment) in attempted)
            {
                var response = await Push(http, key, judgment);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var convictionId = await ConvictionId(response);
                if (acknowledged.TryGetValue(key, out var first)) Assert.Equal(first, convictionId);

                var personalId = judgment["person"]!["personalId"]!.GetValue<string>();
                var record = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/records/{personalId}")
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ClerkToken()) },
                });
                var convictions = JsonDocument.Parse(await record.Content.ReadAsStringAsync()).RootElement.GetProperty("convictions");
                Assert.Equal(convictionId, Assert.Single(convictions.EnumerateArray()).GetProperty("convictionId").GetGuid());
            }
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
        }
    }

    static string ClerkToken() =>
        new TokenIssuer(TokenIssuer.LoadKey(TestKeys.JwtSigningKeyPath), new AuthOptions(), TimeProvider.System).Issue(Roles.Clerk);

    static async Task<HttpResponseMessage> Push(HttpClient http, string key, JsonObject judgment)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/exchange/judgments") { Content = JsonContent.Create(judgment) };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    static async Task<Guid> ConvictionId(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("convictionId").GetGuid();

    /// <summary>Runs the built service as a separate process (the same way `dotnet run` does) and waits until it is ready.</summary>
    static async Task<Process> Start(string connectionString, int port, HttpClient http)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "JudicialRecords.Api.dll"), "--urls", $"http://127.0.0.1:{port}",
                     "--environment", "Development", "--ConnectionStrings:Postgres", connectionString,
                     "--Auth:JwtSigningKeyPath", TestKeys.JwtSigningKeyPath, "--Hangfire:WorkerCount", "1", "--Logging:LogLevel:Default", "Warning",
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(process.HasExited, "the service exited during start-up");
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The service did not become ready within 60 s.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
