using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;
using Org.BouncyCastle.X509;

namespace JudicialRecords.Documents.Tests.Pki;

public sealed class DevPkiTests(DevPkiFixture pki) : IClassFixture<DevPkiFixture>
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private const string DocumentSigning = "1.3.6.1.5.5.7.3.36";

    public static TheoryData<string> ValidLeaves =>
    [
        DevPkiFiles.SealCertificate, DevPkiFiles.OfficerCertificate, DevPkiFiles.TsaCertificate,
        DevPkiFiles.CourtClientCertificate, DevPkiFiles.PoliceClientCertificate,
        DevPkiFiles.EnforcementClientCertificate, DevPkiFiles.RevokedSignerCertificate,
    ];

    [Fact]
    public void generate_writes_every_listed_file()
    {
        foreach (var file in DevPkiFiles.All)
            Assert.True(File.Exists(pki.PathOf(file)), file);
    }

    [Theory]
    [MemberData(nameof(ValidLeaves))]
    public void every_leaf_chains_to_the_root(string leafFile)
    {
        using var chain = BuildChain(pki.Directory, pki.Now.UtcDateTime);

        Assert.True(chain.Build(Load(leafFile)), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
        Assert.Equal(Load(DevPkiFiles.RootCaCertificate).Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
    }

    [Fact]
    public void expired_signer_chains_to_the_root_but_is_out_of_validity()
    {
        using var chain = BuildChain(pki.Directory, pki.Now.UtcDateTime);

        Assert.False(chain.Build(Load(DevPkiFiles.ExpiredSignerCertificate)));
        Assert.Contains(chain.ChainStatus, s => s.Status == X509ChainStatusFlags.NotTimeValid);
        Assert.Equal(3, chain.ChainElements.Count);
    }

    [Fact]
    public void untrusted_signer_does_not_chain_to_the_dev_root()
    {
        using var chain = BuildChain(pki.Directory, pki.Now.UtcDateTime);

        Assert.False(chain.Build(Load(DevPkiFiles.UntrustedSignerCertificate)));
    }

    [Theory]
    [InlineData(DevPkiFiles.SealCertificate, new[] { EmailProtection, DocumentSigning }, false)]
    [InlineData(DevPkiFiles.OfficerCertificate, new[] { EmailProtection, DocumentSigning }, false)]
    [InlineData(DevPkiFiles.TsaCertificate, new[] { TimeStamping }, true)]
    [InlineData(DevPkiFiles.CourtClientCertificate, new[] { ClientAuth }, false)]
    [InlineData(DevPkiFiles.PoliceClientCertificate, new[] { ClientAuth }, false)]
    [InlineData(DevPkiFiles.EnforcementClientCertificate, new[] { ClientAuth }, false)]
    public void leaves_carry_exactly_their_extended_key_usages(string file, string[] expected, bool critical)
    {
        var eku = Load(file).Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();

        Assert.Equal(expected.Order(), eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).Order());
        Assert.Equal(critical, eku.Critical);
        Assert.DoesNotContain(ServerAuth, eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Theory]
    [InlineData(DevPkiFiles.RootCaCertificate)]
    [InlineData(DevPkiFiles.IssuingCaCertificate)]
    public void cas_may_sign_certificates_and_crls(string file)
    {
        var certificate = Load(file);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();

        Assert.True(constraints.CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
    }

    [Theory]
    [InlineData(DevPkiFiles.CourtClientCertificate, "TAND-DNA")]
    [InlineData(DevPkiFiles.PoliceClientCertificate, "CA-DNA")]
    [InlineData(DevPkiFiles.EnforcementClientCertificate, "THADS-DNA")]
    public void client_certificates_name_their_agency_code_in_the_common_name(string file, string code)
    {
        Assert.Equal(code, DevPki.AgencyCodeOf(Load(file)));
    }

    [Fact]
    public void vietnamese_names_survive_in_the_subject()
    {
        Assert.Contains("CN=Nguyễn Văn An", Load(DevPkiFiles.OfficerCertificate).Subject);
        Assert.Contains("O=Công an tỉnh Đồng Nai", Load(DevPkiFiles.SealCertificate).Subject);
    }

    [Fact]
    public void issuing_ca_crl_lists_the_revoked_signer_and_nothing_else()
    {
        var crl = new X509CrlParser().ReadCrl(File.ReadAllBytes(pki.PathOf(DevPkiFiles.IssuingCaCrl)));
        var issuing = ReadBc(DevPkiFiles.IssuingCaCertificate);

        crl.Verify(issuing.GetPublicKey());
        Assert.True(crl.IsRevoked(ReadBc(DevPkiFiles.RevokedSignerCertificate)));
        Assert.False(crl.IsRevoked(ReadBc(DevPkiFiles.OfficerCertificate)));
        Assert.Single(crl.GetRevokedCertificates());
        Assert.True(crl.NextUpdate!.Value > pki.Now.UtcDateTime.AddYears(4));
    }

    [Fact]
    public void root_ca_crl_is_signed_by_the_root_and_empty()
    {
        var crl = new X509CrlParser().ReadCrl(File.ReadAllBytes(pki.PathOf(DevPkiFiles.RootCaCrl)));

        crl.Verify(ReadBc(DevPkiFiles.RootCaCertificate).GetPublicKey());
        Assert.Null(crl.GetRevokedCertificates());
    }

    [Fact]
    public void leaves_point_at_the_issuing_ca_crl()
    {
        var officer = ReadBc(DevPkiFiles.OfficerCertificate);
        var extension = officer.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.CrlDistributionPoints);

        Assert.NotNull(extension);
        var points = Org.BouncyCastle.Asn1.X509.CrlDistPoint.GetInstance(
            Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.FromExtensionValue(extension));
        Assert.Contains(DevPkiFiles.IssuingCaCrlUrl, points.ToString());
    }

    [Fact]
    public void validity_is_twenty_years_for_the_root_and_five_for_leaves()
    {
        var root = Load(DevPkiFiles.RootCaCertificate);
        var officer = Load(DevPkiFiles.OfficerCertificate);

        Assert.InRange((root.NotAfter.ToUniversalTime() - pki.Now.UtcDateTime).TotalDays, 20 * 365 - 1, 20 * 365 + 1);
        Assert.InRange((officer.NotAfter.ToUniversalTime() - pki.Now.UtcDateTime).TotalDays, 5 * 365 - 1, 5 * 365 + 1);
    }

    [Fact]
    public void pkcs12_files_open_with_the_dev_password_and_carry_the_chain()
    {
        using var key = Pkcs12SigningKey.Load(pki.PathOf(DevPkiFiles.SealPkcs12), DevPkiFiles.Pkcs12Password);

        Assert.Equal(3, key.CertificateChain.Count);
        Assert.Equal(Load(DevPkiFiles.SealCertificate).Thumbprint, key.CertificateChain[0].Thumbprint);
        Assert.Equal(SignatureAlgorithm.RsaPkcs1Sha256, key.Algorithm);

        var digest = SHA256.HashData("xin chào"u8);
        using var rsa = key.CertificateChain[0].GetRSAPublicKey()!;
        Assert.True(rsa.VerifyHash(digest, key.SignDigest(digest), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void the_tsa_signs_with_an_ec_p256_key()
    {
        using var key = Pkcs12SigningKey.Load(pki.PathOf(DevPkiFiles.TsaPkcs12), DevPkiFiles.Pkcs12Password);

        Assert.Equal(SignatureAlgorithm.EcdsaSha256, key.Algorithm);
        using var ecdsa = key.CertificateChain[0].GetECDsaPublicKey()!;
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, ecdsa.ExportParameters(false).Curve.Oid.Value);
        var digest = SHA256.HashData("xin chào"u8);
        Assert.True(ecdsa.VerifyHash(digest, key.SignDigest(digest), DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void jwt_signing_key_is_an_rsa_2048_pkcs8_pem()
    {
        var pem = File.ReadAllText(pki.PathOf(DevPkiFiles.JwtSigningKey));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public void receipt_signing_key_is_an_ec_p256_pkcs8_pem_with_its_public_half()
    {
        var pem = File.ReadAllText(pki.PathOf(DevPkiFiles.ReceiptSigningKey));
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        using var published = ECDsa.Create();
        published.ImportFromPem(File.ReadAllText(pki.PathOf(DevPkiFiles.ReceiptPublicKey)));

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, ecdsa.ExportParameters(false).Curve.Oid.Value);
        var signature = ecdsa.SignData("xin chào"u8, HashAlgorithmName.SHA256);
        Assert.True(published.VerifyData("xin chào"u8, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void committed_certs_dev_holds_every_file_and_stays_valid_for_another_year()
    {
        foreach (var file in DevPkiFiles.All)
            Assert.True(File.Exists(Path.Combine(TestPaths.CertsDev, file)), "certs-dev lacks " + file + "; regenerate it (certs-dev/README.md)");

        var inAYear = DateTime.UtcNow.AddYears(1);
        foreach (var leaf in new[] { DevPkiFiles.SealCertificate, DevPkiFiles.OfficerCertificate, DevPkiFiles.TsaCertificate })
        {
            using var chain = BuildChain(TestPaths.CertsDev, inAYear);
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(TestPaths.CertsDev, leaf));
            Assert.True(chain.Build(certificate), leaf + " will not be valid in a year: regenerate certs-dev");
        }
    }

    private X509Certificate2 Load(string file) => X509CertificateLoader.LoadCertificateFromFile(pki.PathOf(file));

    private Org.BouncyCastle.X509.X509Certificate ReadBc(string file) =>
        new X509CertificateParser().ReadCertificate(File.ReadAllBytes(pki.PathOf(file)));

    private static X509Chain BuildChain(string directory, DateTime at)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(
            X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, DevPkiFiles.RootCaCertificate)));
        chain.ChainPolicy.ExtraStore.Add(
            X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, DevPkiFiles.IssuingCaCertificate)));
        // Revocation is checked against the committed CRLs by our own verifier, not by the OS.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at;
        return chain;
    }
}
