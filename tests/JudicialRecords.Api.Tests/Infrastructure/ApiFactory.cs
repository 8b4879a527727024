using System.Net.Http.Headers;
using JudicialRecords.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Infrastructure;

/// <summary>The whole service in memory, on a database of its own in the test run's PostgreSQL.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    readonly string _connectionString = TestPostgres.CreateDatabase();

    protected virtual string Environment => "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("Hangfire:WorkerCount", "2");
        builder.UseSetting("Auth:JwtSigningKeyPath", TestKeys.JwtSigningKeyPath);
    }

    public string Token(string role, string? agency = null, string? subject = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(role, agency, subject);

    /// <summary>A client sending a bearer token for <paramref name="role"/>.</summary>
    public HttpClient ClientAs(string role, string? agency = null, string? subject = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, agency, subject));
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestPostgres.DropDatabase(_connectionString);
    }
}

public sealed class ProductionApiFactory : ApiFactory
{
    protected override string Environment => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Agencies sign their messages outside Development: their CA must be configured, here the development one.
        builder.UseSetting("Exchange:AgencyAnchorsPath", TestKeys.RepositoryFile("certs-dev/root-ca.crt.pem"));
        builder.UseSetting("Exchange:AgencyCrlPaths:0", TestKeys.RepositoryFile("certs-dev/root-ca.crl"));
        builder.UseSetting("Exchange:AgencyCrlPaths:1", TestKeys.RepositoryFile("certs-dev/issuing-ca.crl"));
    }
}
