using System.Net;
using System.Net.Http.Json;
using System.Text;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Infrastructure.Errors;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Infrastructure;

public sealed class HostTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ready_when_the_database_is_reachable_and_migrated()
    {
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task start_up_steps_run_once_the_schema_is_applied()
    {
        // PreparePdfStorage sets lz4 on the PDF column of the table Marten creates at start-up: only possible after it.
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var compression = await session.AdvancedSql.QueryAsync<string>(
            $"select attcompression::text from pg_attribute where attrelid = 'jr.{CertificatePdfs.TableName}'::regclass and attname = 'content'",
            CancellationToken.None);
        Assert.Equal("l", Assert.Single(compression));
    }

    [Fact]
    public async Task unknown_route_is_a_404_problem()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/no-such-thing");
        var problem = await response.AssertProblem(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task wrong_method_is_a_405_problem()
    {
        var response = await api.CreateClient().GetAsync("/dev/tokens");
        var problem = await response.AssertProblem(HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-16")]
    public async Task json_in_a_charset_other_than_utf8_is_a_415_problem(string charset)
    {
        var content = new StringContent("{\"role\":\"court\",\"agency\":\"TAND-DNA\"}");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = charset };

        var response = await api.CreateClient().PostAsync("/dev/tokens", content);

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("POST", "/api/v1/exchange/judgments", HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized)]
    [InlineData("POST", "/api/v1/no-such-thing", HttpStatusCode.NotFound, ProblemTypes.NotFound)]
    [InlineData("PUT", "/dev/tokens", HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed)]
    public async Task json_in_another_charset_is_refused_only_where_it_would_be_read(string method, string path, HttpStatusCode status, string type)
    {
        var content = new StringContent("{}");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "iso-8859-1" };

        var response = await api.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });

        await response.AssertProblem(status, type);
    }

    [Fact]
    public async Task json_declared_as_utf8_is_read()
    {
        var content = new StringContent("{\"role\":\"court\",\"agency\":\"TAND-DNA\"}", Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().PostAsync("/dev/tokens", content)).StatusCode);
    }

    [Fact]
    public async Task malformed_json_is_a_400_problem()
    {
        var response = await api.CreateClient().PostAsync("/dev/tokens",
            new StringContent("{\"role\": ", Encoding.UTF8, "application/json"));
        await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.MalformedJson);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_a_415_problem()
    {
        var response = await api.CreateClient().PostAsync("/dev/tokens", new StringContent("role=admin", Encoding.UTF8, "text/plain"));
        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task an_unknown_role_is_a_validation_problem_naming_the_field()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/dev/tokens", new { role = "judge" });
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    const string SomeApplication = "/api/v1/applications/0190f0d2-6c1e-7000-8000-000000000001";

    [Theory]
    [InlineData(null, "GET", SomeApplication + "/certificate", null, "application/pdf", HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized)]
    [InlineData("applicant", "GET", SomeApplication + "/certificate", null, "application/pdf", HttpStatusCode.NotFound, ProblemTypes.NotFound)]
    [InlineData("applicant", "GET", "/api/v1/delivery/counter", null, "text/csv", HttpStatusCode.Forbidden, ProblemTypes.Forbidden)]
    [InlineData(null, "GET", "/api/v1/no-such-thing", null, "text/html", HttpStatusCode.NotFound, ProblemTypes.NotFound)]
    [InlineData(null, "GET", "/dev/tokens", null, "text/plain", HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed)]
    [InlineData(null, "POST", "/dev/tokens", "text/plain", "text/plain", HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType)]
    [InlineData("court", "POST", "/api/v1/exchange/judgments", "application/json", "text/plain", HttpStatusCode.BadRequest, ProblemTypes.MalformedJson)]
    public async Task an_error_is_problem_json_whatever_the_client_accepts(
        string? role, string method, string path, string? bodyType, string accept, HttpStatusCode status, string type)
    {
        var client = role switch
        {
            null => api.CreateClient(),
            "applicant" => api.ClientAs(role, subject: "075090001234"),
            _ => api.ClientAs(role, agency: "TAND-DNA"),
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd(accept);
        if (bodyType is not null)
        {
            request.Content = new StringContent("{\"role\": ", Encoding.UTF8, bodyType);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var problem = await (await client.SendAsync(request)).AssertProblem(status, type);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _), "Every problem carries the trace id, however it was produced.");
    }

    [Theory]
    [InlineData("/api/v1/exchange/requests?limit=ten")]
    [InlineData("/api/v1/applications?limit=ten")]
    [InlineData("/api/v1/delivery/counter?limit=ten")]
    [InlineData("/api/v1/national-centre/forwards?limit=ten")]
    public async Task a_limit_that_is_not_a_number_is_a_validation_problem_naming_it(string path)
    {
        var response = await api.ClientAs("clerk", subject: "clerk-01").GetAsync(path);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), problem.ToString());
    }

    [Fact]
    public async Task a_development_token_is_accepted()
    {
        var client = api.CreateClient();
        var issued = await client.PostAsJsonAsync("/dev/tokens", new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<TokenBody>())!.Token;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task no_token_is_a_401_problem()
    {
        var response = await api.CreateClient().GetAsync("/hangfire");
        await response.AssertProblem(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task a_forged_token_is_a_401_problem()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", api.Token("admin")[..^4] + "AAAA");
        await (await client.GetAsync("/hangfire")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_wrong_role_is_a_403_problem()
    {
        var response = await api.ClientAs("clerk").GetAsync("/hangfire");
        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task swagger_ui_is_served()
    {
        var response = await api.CreateClient().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    sealed record TokenBody(string Token);
}

public sealed class ProductionHostTests(ProductionApiFactory api) : IClassFixture<ProductionApiFactory>
{
    [Fact]
    public async Task development_tokens_do_not_exist_outside_development()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/dev/tokens", new { role = "admin" });
        await response.AssertProblem(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public void outside_development_no_database_configured_is_a_start_up_error_not_a_private_passwordless_cluster()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JudicialRecordsApp.Build(["--environment=Production"]));

        Assert.Contains("ConnectionStrings:Postgres", refused.Message);
    }

    [Fact]
    public void outside_development_agencies_ca_missing_is_a_start_up_error_not_a_refusal_at_each_request()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JudicialRecordsApp.Build(
            ["--environment=Production", "--ConnectionStrings:Postgres=Host=127.0.0.1;Database=none", $"--Auth:JwtSigningKeyPath={TestKeys.JwtSigningKeyPath}"]));

        Assert.Contains("Exchange:AgencyAnchorsPath", refused.Message);
    }

    [Fact]
    public async Task an_instance_whose_signing_keys_and_authorities_do_not_load_is_not_ready()
    {
        // Nothing of Signing, Trust, the receipt key or the authorities is configured here: the database answers, but the first
        // issuance, verification or agency message would fail, so the instance must stay out of the load balancer.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public void outside_development_the_issuing_authorities_are_never_the_development_defaults()
    {
        // The defaults print the development PKI's signer names: with none configured, nothing is issued.
        var refused = Assert.Throws<InvalidOperationException>(() => api.Services.GetRequiredService<JudicialRecords.Domain.Certificates.IssuingAuthorities>());
        Assert.Contains("Certificates:Authorities", refused.Message);
    }

    [Fact]
    public void outside_development_the_qr_codes_address_is_never_the_development_localhost()
    {
        using var configured = api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Certificates:Authorities:0:Code", "CADNA");
            builder.UseSetting("Certificates:Authorities:0:EffectiveFrom", "2025-03-01");
            builder.UseSetting("Certificates:Authorities:0:Name", "Công an tỉnh Đồng Nai");
            builder.UseSetting("Certificates:Authorities:0:SignerName", "Lê Văn Ký");
        });

        var refused = Assert.Throws<InvalidOperationException>(() => configured.Services.GetRequiredService<JudicialRecords.Domain.Certificates.IssuingAuthorities>());
        Assert.Contains("Certificates:PublicBaseUrl", refused.Message);
    }
}
