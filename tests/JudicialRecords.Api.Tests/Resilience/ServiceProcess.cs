using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Api.Tests.Infrastructure;

namespace JudicialRecords.Api.Tests.Resilience;

/// <summary>
/// The built service as a separate process (the way `dotnet run` runs it) on a port of its own over a test
/// database, so that a test can kill it with SIGKILL and start it again on the same data.
/// </summary>
public sealed class ServiceProcess
{
    readonly string connectionString;
    readonly int port = FreePort();
    readonly TokenIssuer tokens = new(TokenIssuer.LoadKey(TestKeys.JwtSigningKeyPath), new AuthOptions(), TimeProvider.System);

    public ServiceProcess(string database) => connectionString = TestPostgres.CreateDatabase(database);

    public Uri BaseAddress => new($"http://127.0.0.1:{port}");

    /// <summary>A client of the service speaking with a token of <paramref name="role"/>.</summary>
    public HttpClient Client(string role, string? agency = null, string? subject = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(role, agency, subject));
        return http;
    }

    /// <summary>Starts the service and waits until it is ready.</summary>
    public async Task<Process> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "JudicialRecords.Api.dll"), "--urls", BaseAddress.ToString(),
                     "--environment", "Development", "--ConnectionStrings:Postgres", connectionString,
                     // The population register's simulator is this service itself, reached over HTTP like the real register.
                     "--Population:BaseUrl", $"{BaseAddress}sim/population/",
                     "--Auth:JwtSigningKeyPath", TestKeys.JwtSigningKeyPath, "--Hangfire:WorkerCount", "1", "--Logging:LogLevel:Default", "Warning",
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return process;
            }
            catch (Exception e) when (TransportFailure.Is(e) || e is TaskCanceledException { InnerException: TimeoutException })
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout.
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
