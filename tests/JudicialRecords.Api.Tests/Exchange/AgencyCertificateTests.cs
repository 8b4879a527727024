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
    public void a_crl_replaced_on_disk_revokes_an_agency_certificate_without_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("jr-crls-").FullName;
        try
        {
            var root = Path.Combine(folder, "root.crl");
            var issuing = Path.Combine(folder, "issuing.crl");
            File.Copy(TestKeys.RepositoryFile("certs-dev/root-ca.crl"), root);
            File.Copy(TestKeys.RepositoryFile("certs-dev/issuing-ca.crl"), issuing);
            var clock = new Applications.ManualClock { Now = DateTimeOffset.UtcNow };
            var verifier = AgencySignatureVerifier.FromOptions(new() { AnchorsPath = TestKeys.RepositoryFile("certs-dev/root-ca.crt.pem") },
                TestKeys.RepositoryFile("certs-dev/issuing-ca.crt.pem"), [root, issuing], clock);
            using var court = AgencySigning.Certificate("client-tand-dna.p12");
            Assert.Null(verifier.TrustProblem(court));

            // The issuing CA publishes a CRL listing the court's certificate.
            File.WriteAllBytes(issuing, CrlRevoking(court, clock.GetUtcNow()));
            File.SetLastWriteTimeUtc(issuing, DateTime.UtcNow.AddMinutes(1));
            Assert.Null(verifier.TrustProblem(court)); // read again only after the recheck interval
            clock.Now += CrlFiles.RecheckEvery;

            Assert.Contains("revoked", verifier.TrustProblem(court));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A CRL of the development issuing CA listing <paramref name="revoked"/>.</summary>
    static byte[] CrlRevoking(X509Certificate2 revoked, DateTimeOffset now)
    {
        using var issuer = AgencySigning.Certificate("issuing-ca.p12");
        using var key = issuer.GetRSAPrivateKey()!;
        var generator = new Org.BouncyCastle.X509.X509V2CrlGenerator();
        generator.SetIssuerDN(Org.BouncyCastle.Security.DotNetUtilities.FromX509Certificate(issuer).SubjectDN);
        generator.SetThisUpdate(now.UtcDateTime.AddMinutes(-5));
        generator.SetNextUpdate(now.UtcDateTime.AddDays(1));
        generator.AddCrlEntry(Org.BouncyCastle.Security.DotNetUtilities.FromX509Certificate(revoked).SerialNumber, now.UtcDateTime.AddMinutes(-5),
            Org.BouncyCastle.Asn1.X509.CrlReason.KeyCompromise);
        var signer = new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA",
            Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(key).Private);
        return generator.Generate(signer).GetEncoded();
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
