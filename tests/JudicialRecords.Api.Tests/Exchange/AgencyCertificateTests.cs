using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Documents.Pki;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Exchange;

/// <summary>
/// Which certificates make their holder an agency (mutual TLS and X-Signature alike): issued under the agency roots, for
/// client authentication, with the agency code as the subject's CN and nowhere else.
/// </summary>
public sealed class AgencyCertificateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    AgencySignatureVerifier Verifier => api.Services.GetRequiredService<AgencySignatureVerifier>();

    /// <summary>A certificate issued by the development issuing CA, as a CA issuing to anyone would.</summary>
    static X509Certificate2 Issue(string subject, string? usage)
    {
        using var issuer = AgencySigning.Certificate("issuing-ca.p12");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (usage is not null) request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
    }

    [Fact]
    public void the_agency_is_the_subject_s_cn_never_its_organisation()
    {
        using var court = Issue("CN=TAND-DNA, O=Tòa án nhân dân tỉnh Đồng Nai, C=VN", ClientAuth);
        using var organisation = Issue("O=TAND-DNA, C=VN", ClientAuth);
        using var unit = Issue("OU=TAND-DNA, O=Công ty Bất kỳ, C=VN", ClientAuth);

        Assert.Equal("TAND-DNA", DevPki.AgencyCodeOf(court));
        Assert.Null(DevPki.AgencyCodeOf(organisation));
        Assert.Null(DevPki.AgencyCodeOf(unit));
    }

    [Fact]
    public void a_certificate_that_does_not_name_client_authentication_is_no_agency_s()
    {
        using var forClients = Issue("CN=TAND-DNA, C=VN", ClientAuth);
        using var forAnything = Issue("CN=TAND-DNA, C=VN", usage: null);

        Assert.Null(Verifier.TrustProblem(forClients));
        Assert.Contains("client authentication", Verifier.TrustProblem(forAnything));
    }
}
