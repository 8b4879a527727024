using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace JudicialRecords.Api.Tests.Exchange;

/// <summary>The service on a real Kestrel HTTPS port with Auth:MutualTls:Enabled: agencies are who their certificate says.</summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("jr-mtls-").FullName;
    readonly int _port = FreePort();
    X509Certificate2 _server = null!;
    WebApplication _app = null!;

    Uri Base => new($"https://127.0.0.1:{_port}");

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(_folder, "server.pfx");
        await File.WriteAllBytesAsync(pfx, created.Export(X509ContentType.Pfx, "test"));
        _server = X509CertificateLoader.LoadCertificate(created.RawData);

        _app = JudicialRecordsApp.Build(
        [
            "--environment=Development",
            $"--ConnectionStrings:Postgres={TestPostgres.CreateDatabase()}",
            $"--Auth:JwtSigningKeyPath={TestKeys.JwtSigningKeyPath}",
            "--Auth:MutualTls:Enabled=true",
            "--Hangfire:WorkerCount=1",
            $"--Kestrel:Endpoints:Https:Url=https://127.0.0.1:{_port}",
            $"--Kestrel:Endpoints:Https:Certificate:Path={pfx}",
            "--Kestrel:Endpoints:Https:Certificate:Password=test",
        ]);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    HttpClient Client(string? p12)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _server.Thumbprint,
        };
        if (p12 is not null) handler.ClientCertificates.Add(AgencySigning.Certificate(p12));
        return new HttpClient(handler) { BaseAddress = Base };
    }

    [Theory]
    [InlineData("client-ca-dna.p12", "police", "CA-DNA")]
    [InlineData("client-tand-dna.p12", "court", "TAND-DNA")]
    public async Task an_agency_certificate_is_authorised_as_that_agency(string p12, string role, string agency)
    {
        using var client = Client(p12);

        var inbox = await client.GetAsync("/api/v1/exchange/requests");
        Assert.True(inbox.StatusCode == HttpStatusCode.OK, await inbox.Content.ReadAsStringAsync());

        // The agency is the certificate's: a push for another court is refused as such, not as unauthenticated.
        var born = new DateOnly(1980, 1, 1);
        var id = Agencies.PersonalId(born);
        var judgment = Agencies.Judgment(id, born, new DateOnly(2021, 3, 8), court: "TAND-HCM").ToJsonString();
        var push = await AgencySigning.Post(client, "/api/v1/exchange/judgments", judgment, "mtls-" + agency, null);
        var problem = await push.AssertProblem(HttpStatusCode.Forbidden);
        if (role == "court") Assert.Contains(agency, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_court_certificate_pushes_a_signed_judgment()
    {
        using var client = Client("client-tand-dna.p12");
        var born = new DateOnly(1981, 2, 3);
        var id = Agencies.PersonalId(born);
        var body = Agencies.Judgment(id, born, new DateOnly(2021, 3, 8)).ToJsonString();

        var response = await AgencySigning.Post(client, "/api/v1/exchange/judgments", body, "mtls-signed",
            AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), "client-tand-dna.p12"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var receipt = await SignedMessageTests.VerifyReceipt(response.Headers.GetValues("X-Receipt").Single());
        Assert.Equal("TAND-DNA", receipt.GetProperty("agency").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("untrusted-signer.p12")]
    [InlineData("seal.p12")]
    public async Task without_an_agency_certificate_the_request_is_unauthenticated(string? p12)
    {
        using var client = Client(p12);
        var response = await client.GetAsync("/api/v1/exchange/requests");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task a_bearer_token_still_works_over_the_same_port()
    {
        using var client = Client(null);
        var token = await client.PostAsJsonAsync("/dev/tokens", new { role = "clerk" });
        Assert.True(token.StatusCode == HttpStatusCode.OK, await token.Content.ReadAsStringAsync());
        var value = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", value);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/exchange/requests")).StatusCode);
    }

    [Theory]
    [InlineData("police", "CA-DNA")]
    [InlineData("court", "TAND-DNA")]
    public async Task an_agency_role_in_a_bearer_token_is_refused_an_agency_is_who_its_certificate_says(string role, string agency)
    {
        using var client = Client(null);
        var token = await client.PostAsJsonAsync("/dev/tokens", new { role, agency });
        var value = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", value);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/exchange/requests")).StatusCode);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
