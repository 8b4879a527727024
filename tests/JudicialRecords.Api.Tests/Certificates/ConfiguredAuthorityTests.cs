using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Certificates;

/// <summary>The service with its own issuing authorities and public URL in configuration.</summary>
public sealed class ConfiguredAuthorityFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Certificates:PublicBaseUrl", "https://lltp.example.vn/");
        Authority(builder, 0, "OLDA", "2000-01-01", "Sở Tư pháp tỉnh Thử Nghiệm");
        Authority(builder, 1, "NEWA", "2025-03-01", "Công an tỉnh Thử Nghiệm");
        // The new authority seals with a key of its own (here the development officer's, to tell it from the common seal).
        builder.UseSetting("Certificates:Authorities:1:Seal:Pkcs12Path", TestKeys.RepositoryFile("certs-dev/officer.p12"));
        builder.UseSetting("Certificates:Authorities:1:Seal:Pkcs12Password", JudicialRecords.Documents.Pki.DevPkiFiles.Pkcs12Password);
        // Takes effect far in the future: must not be picked today.
        Authority(builder, 2, "LATER", "2999-01-01", "Cơ quan tương lai");
    }

    static void Authority(IWebHostBuilder builder, int i, string code, string from, string name)
    {
        var prefix = $"Certificates:Authorities:{i}:";
        builder.UseSetting(prefix + "Code", code);
        builder.UseSetting(prefix + "EffectiveFrom", from);
        builder.UseSetting(prefix + "Name", name);
        builder.UseSetting(prefix + "HeaderLines:0", "UBND TỈNH THỬ NGHIỆM");
        builder.UseSetting(prefix + "HeaderLines:1", name.ToUpperInvariant());
        builder.UseSetting(prefix + "Place", "Thử Nghiệm");
        builder.UseSetting(prefix + "SignerTitleLines:0", "GIÁM ĐỐC");
        builder.UseSetting(prefix + "SignerName", "Lê Văn Ký");
    }
}

public sealed class ConfiguredAuthorityTests(ConfiguredAuthorityFactory api) : IClassFixture<ConfiguredAuthorityFactory>
{
    [Fact]
    public async Task the_authority_in_force_today_comes_from_configuration_and_names_the_certificate()
    {
        var person = Person();

        var issued = await api.Services.GetRequiredService<CertificateIssuer>()
            .IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);

        Assert.Matches(@"^LLTP-NEWA-\d{4}-\d{6}$", issued.Number);
        Assert.Equal("Công an tỉnh Thử Nghiệm", issued.Issuer);
        var text = PdfText((await api.Services.GetRequiredService<CertificateRegistry>().GetPdfAsync(issued.Number, CancellationToken.None))!);
        Assert.Contains("CÔNG AN TỈNH THỬ NGHIỆM", text);
        Assert.Contains("Lê Văn Ký", text);
        Assert.Contains("Thử Nghiệm, ngày", text);
        Assert.Contains($"https://lltp.example.vn/api/v1/certificates/{issued.Number}", text);
        var status = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{issued.Number}");
        Assert.Equal("Công an tỉnh Thử Nghiệm", status.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task an_authoritys_own_key_that_does_not_load_keeps_the_instance_not_ready()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/ready")).StatusCode);
        using var misconfigured = api.WithWebHostBuilder(builder =>
            builder.UseSetting("Certificates:Authorities:1:Seal:Pkcs12Path", Path.Combine(Path.GetDirectoryName(TestKeys.RepositoryFile("certs-dev/seal.p12"))!, "no-such-seal.p12")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await misconfigured.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task an_authority_that_names_its_own_seal_key_seals_with_it()
    {
        var person = Person();
        var issued = await api.Services.GetRequiredService<CertificateIssuer>()
            .IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);
        var pdf = (await api.Services.GetRequiredService<CertificateRegistry>().GetPdfAsync(issued.Number, CancellationToken.None))!;

        using var upload = new ByteArrayContent(pdf) { Headers = { ContentType = new("application/pdf") } };
        var report = await (await api.CreateClient().PostAsync("/api/v1/verification", upload)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("TOTAL_PASSED", report.GetProperty("indication").GetString());
        var signers = report.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("signer").GetString()).ToList();
        Assert.Equal(["Nguyễn Văn An", "Nguyễn Văn An"], signers.Take(2));
    }
}
