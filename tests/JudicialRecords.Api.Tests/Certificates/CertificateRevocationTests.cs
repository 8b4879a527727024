using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Certificates;

public sealed class CertificateRevocationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    async Task<CertificateRecord> Issue()
    {
        var person = Person();
        return await api.Services.GetRequiredService<CertificateIssuer>()
            .IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);
    }

    static string Path(CertificateRecord c) => $"/api/v1/certificates/{c.Number}/revocation";

    [Fact]
    public async Task an_approver_revokes_and_the_registry_then_says_revoked()
    {
        var certificate = await Issue();
        var approver = api.ClientAs(Roles.Approver, subject: "075080001111");

        var response = await approver.PostAsJsonAsync(Path(certificate), new { reason = "Cấp nhầm người" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("revoked", body.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("revokedAt").ValueKind);
        var status = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{certificate.Number}");
        Assert.Equal("revoked", status.GetProperty("status").GetString());
        Assert.False(status.TryGetProperty("revocationReason", out _));

        var stored = await api.Services.GetRequiredService<CertificateRegistry>().FindAsync(certificate.Number, CancellationToken.None);
        Assert.Equal("Cấp nhầm người", stored!.RevocationReason);
        Assert.Equal("075080001111", stored.RevokedBy);
    }

    [Fact]
    public async Task approvers_revoking_at_once_get_one_200_and_409s_never_a_412_they_did_not_ask_for()
    {
        var certificate = await Issue();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            api.ClientAs(Roles.Approver, subject: $"approver-{i}").PostAsJsonAsync(Path(certificate), new { reason = $"Cấp nhầm ({i})" })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Fact]
    public async Task revoking_a_revoked_certificate_is_a_409_and_keeps_the_first_revocation()
    {
        var certificate = await Issue();
        var approver = api.ClientAs(Roles.Approver);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync(Path(certificate), new { reason = "first" })).StatusCode);

        var again = await approver.PostAsJsonAsync(Path(certificate), new { reason = "second" });

        await again.AssertProblem(HttpStatusCode.Conflict, CertificateEndpoints.AlreadyRevoked);
        var stored = await api.Services.GetRequiredService<CertificateRegistry>().FindAsync(certificate.Number, CancellationToken.None);
        Assert.Equal("first", stored!.RevocationReason);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"reason\":\"   \"}")]
    [InlineData("{\"reason\":null}")]
    [InlineData("{\"reason\":\"Cấp\\u0000nhầm\"}")]
    [InlineData("")]
    public async Task a_revocation_without_a_reason_is_a_400_naming_the_field_and_changes_nothing(string json)
    {
        var certificate = await Issue();

        var response = await api.ClientAs(Roles.Approver).PostAsync(Path(certificate), new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        var stored = await api.Services.GetRequiredService<CertificateRegistry>().FindAsync(certificate.Number, CancellationToken.None);
        Assert.Equal(CertificateStatus.Valid, stored!.Status);
    }

    [Fact]
    public async Task a_too_long_reason_is_a_400()
    {
        var certificate = await Issue();

        var response = await api.ClientAs(Roles.Approver).PostAsJsonAsync(Path(certificate), new { reason = new string('x', 1001) });

        await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Theory]
    [InlineData(Roles.Clerk, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Applicant, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task only_an_approver_may_revoke(string? role, HttpStatusCode expected)
    {
        var certificate = await Issue();
        var client = role switch
        {
            null => api.CreateClient(),
            Roles.Applicant => api.ClientAs(role, subject: "075090001234"),
            _ => api.ClientAs(role),
        };

        var response = await client.PostAsJsonAsync(Path(certificate), new { reason = "nope" });

        Assert.Equal(expected, response.StatusCode);
        var stored = await api.Services.GetRequiredService<CertificateRegistry>().FindAsync(certificate.Number, CancellationToken.None);
        Assert.Equal(CertificateStatus.Valid, stored!.Status);
    }

    [Fact]
    public async Task revoking_an_unknown_number_is_a_404_problem() =>
        await (await api.ClientAs(Roles.Approver).PostAsJsonAsync("/api/v1/certificates/LLTP-CADNA-2026-999999/revocation", new { reason = "x" }))
            .AssertProblem(HttpStatusCode.NotFound, ProblemTypes.NotFound);

    [Fact]
    public async Task a_stale_if_match_is_a_412_and_the_current_etag_succeeds()
    {
        var certificate = await Issue();
        var status = await api.CreateClient().GetAsync($"/api/v1/certificates/{certificate.Number}");
        var etag = status.Headers.ETag!;

        var stale = new HttpRequestMessage(HttpMethod.Post, Path(certificate)) { Content = JsonContent.Create(new { reason = "x" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"999\""));
        await (await api.ClientAs(Roles.Approver).SendAsync(stale)).AssertProblem(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);

        var current = new HttpRequestMessage(HttpMethod.Post, Path(certificate)) { Content = JsonContent.Create(new { reason = "x" }) };
        current.Headers.IfMatch.Add(etag);
        var revoked = await api.ClientAs(Roles.Approver).SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotEqual(etag, revoked.Headers.ETag);
    }
}
