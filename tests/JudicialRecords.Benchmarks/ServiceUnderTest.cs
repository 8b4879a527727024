using System.Net;
using System.Net.Http.Headers;
using JudicialRecords.Api;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Benchmarks;

/// <summary>The real service on a free loopback port, over a throwaway PostgreSQL cluster, called over HTTP.</summary>
sealed class ServiceUnderTest : IAsyncDisposable
{
    readonly LocalPostgresCluster _cluster;
    readonly string _folder;

    ServiceUnderTest(LocalPostgresCluster cluster, string folder, WebApplication app)
    {
        _cluster = cluster;
        _folder = folder;
        App = app;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => App.Services;

    public static async Task<ServiceUnderTest> StartAsync(params string[] settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "jr-bench-" + Guid.NewGuid().ToString("N"));
        var cluster = LocalPostgresCluster.Start(folder);
        PostgresHosting.EnsureDatabase(cluster.ConnectionString(), "bench");
        var port = FreePort();
        var app = JudicialRecordsApp.Build([
            "--environment", "Development",
            "--urls", $"http://127.0.0.1:{port}",
            // The population register's simulator is this service itself, reached over HTTP like the real register.
            "--Population:BaseUrl", $"http://127.0.0.1:{port}/sim/population/",
            "--NationalCentre:BaseUrl", $"http://127.0.0.1:{port}/sim/national-centre/",
            "--Delivery:Carrier:BaseUrl", $"http://127.0.0.1:{port}/sim/post/",
            "--ConnectionStrings:Postgres", cluster.ConnectionString("bench") + ";Maximum Pool Size=200",
            "--Auth:JwtSigningKeyPath", Path.Combine(Repository.CertsDev, "jwt-signing-key.pem"),
            "--Logging:LogLevel:Default", "Warning",
            .. settings,
        ]);
        await app.StartAsync();
        return new ServiceUnderTest(cluster, folder, app);
    }

    public string ConnectionString(string database) => _cluster.ConnectionString(database);

    public HttpClient Client(string role, string? agency = null, string? subject = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = HttpVersion.Version11,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, agency, subject));
        return client;
    }

    public string Token(string role, string? agency = null, string? subject = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(role, agency, subject);

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _cluster.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
