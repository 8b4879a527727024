using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Features.Verification;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Verification;

public sealed class VerificationEndpointTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    async Task<(CertificateRecord Certificate, byte[] Pdf)> Issue()
    {
        var person = Person();
        var certificate = await api.Services.GetRequiredService<CertificateIssuer>()
            .IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);
        var pdf = await api.Services.GetRequiredService<CertificateRegistry>().GetPdfAsync(certificate.Number, CancellationToken.None);
        return (certificate, pdf!);
    }

    static ByteArrayContent Pdf(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } };

    async Task<JsonElement> Verify(HttpContent content)
    {
        var response = await api.CreateClient().PostAsync("/api/v1/verification", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task an_issued_certificate_passes_for_an_anonymous_verifier()
    {
        var (certificate, pdf) = await Issue();

        var report = await Verify(Pdf(pdf));

        Assert.Equal("TOTAL_PASSED", report.GetProperty("indication").GetString());
        Assert.Equal(certificate.Number, report.GetProperty("certificate").GetProperty("number").GetString());
        Assert.Equal("valid", report.GetProperty("certificate").GetProperty("status").GetString());
        var signatures = report.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Contains(signatures, s => s.GetProperty("level").GetString() == "B-LTA" && s.GetProperty("chainTrusted").GetBoolean());
        Assert.True(signatures[^1].GetProperty("coversWholeDocument").GetBoolean());
    }

    [Fact]
    public async Task the_pdf_can_be_sent_as_a_multipart_file_field()
    {
        var (_, pdf) = await Issue();
        using var form = new MultipartFormDataContent { { Pdf(pdf), "file", "certificate.pdf" } };

        Assert.Equal("TOTAL_PASSED", (await Verify(form)).GetProperty("indication").GetString());
    }

    [Fact]
    public async Task a_certificate_revoked_in_the_registry_fails_with_revoked()
    {
        var (certificate, pdf) = await Issue();
        var revoked = await api.ClientAs(Roles.Approver, subject: "075080001111")
            .PostAsJsonAsync($"/api/v1/certificates/{certificate.Number}/revocation", new { reason = "Cấp nhầm người" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        var report = await Verify(Pdf(pdf));

        Assert.Equal("TOTAL_FAILED", report.GetProperty("indication").GetString());
        Assert.Equal("REVOKED", report.GetProperty("subIndication").GetString());
        Assert.Equal("revoked", report.GetProperty("certificate").GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_pdf_signed_with_trusted_keys_but_not_issued_under_its_number_fails()
    {
        // Another person's "no conviction" text under a real certificate's number, signed by keys the trust anchors
        // accept: every signature holds, but the registry issued other bytes under that number.
        var (certificate, _) = await Issue();
        var stranger = Person();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var authority = api.Services.GetRequiredService<IssuingAuthorities>().InForceOn(today).Value;
        var content = CertificateContent.Build(null, Form1(stranger), authority, today);
        var forged = await api.Services.GetRequiredService<IPdfSigner>().SignAsync(api.Services.GetRequiredService<ICertificateRenderer>()
            .Render(CertificateDocumentMapper.Map(content, certificate.Number, "https://example.invalid/")));

        var report = await Verify(Pdf(forged));

        Assert.All(report.GetProperty("signatures").EnumerateArray(), s => Assert.Equal("TOTAL_PASSED", s.GetProperty("indication").GetString()));
        Assert.Equal("TOTAL_FAILED", report.GetProperty("indication").GetString());
        Assert.Equal("HASH_FAILURE", report.GetProperty("subIndication").GetString());
    }

    [Fact]
    public async Task a_certificate_number_holding_a_nul_is_reported_as_never_issued_not_a_500()
    {
        // The number is a UTF-16 hex string in the document information: its first character becomes U+0000, which
        // PostgreSQL would refuse as a query parameter.
        var (_, pdf) = await Issue();
        const string marker = "/CertificateNumber<FEFF";
        var at = System.Text.Encoding.Latin1.GetString(pdf).IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, "the number is where the renderer writes it");
        var forged = (byte[])pdf.Clone();
        System.Text.Encoding.ASCII.GetBytes("0000").CopyTo(forged, at + marker.Length);

        var report = await Verify(Pdf(forged));

        Assert.Equal("TOTAL_FAILED", report.GetProperty("indication").GetString());
        Assert.Equal("unknown", report.GetProperty("certificate").GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_changed_byte_fails_the_hash()
    {
        var (_, pdf) = await Issue();
        pdf[pdf.Length / 3] ^= 0x20;

        Assert.Equal("TOTAL_FAILED", (await Verify(Pdf(pdf))).GetProperty("indication").GetString());
    }

    [Fact]
    public async Task a_file_that_is_not_a_pdf_is_reported_as_a_format_failure()
    {
        var report = await Verify(Pdf("hello, I am not a PDF"u8.ToArray()));

        Assert.Equal("TOTAL_FAILED", report.GetProperty("indication").GetString());
        Assert.Equal("FORMAT_FAILURE", report.GetProperty("subIndication").GetString());
    }

    [Fact]
    public async Task an_oversized_upload_is_a_413_problem()
    {
        var response = await api.CreateClient().PostAsync("/api/v1/verification", Pdf(new byte[VerificationEndpoints.MaxUploadBytes + 1]));

        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task another_media_type_is_a_415_problem()
    {
        var response = await api.CreateClient().PostAsync("/api/v1/verification", new StringContent("%PDF-1.7"));

        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n%PDF")] // no boundary
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF")] // cut off
    public async Task a_malformed_multipart_upload_is_a_400_naming_the_file(string contentType, string body)
    {
        var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await api.CreateClient().PostAsync("/api/v1/verification", content);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
    }

    [Fact]
    public async Task a_multipart_upload_without_the_file_field_is_a_400_naming_it()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var response = await api.CreateClient().PostAsync("/api/v1/verification", form);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }
}
