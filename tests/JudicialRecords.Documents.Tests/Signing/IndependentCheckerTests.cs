using System.Text.RegularExpressions;
using JudicialRecords.Documents.Pki;

namespace JudicialRecords.Documents.Tests.Signing;

/// <summary>
/// Cross-checks with tools that share no code with ours: poppler's pdfsig over NSS, and OpenSSL.
/// They exit 0 even when a signature is bad, so the assertions read their output.
/// </summary>
public sealed class IndependentCheckerTests(SignedCertificateFixture fixture) : IClassFixture<SignedCertificateFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("jr-checkers-").FullName;

    private static string CertsDev(string file) => Path.Combine(TestPaths.CertsDev, file);

    [Fact]
    public void pdfsig_trusting_the_dev_root_finds_both_signatures_valid_and_the_final_revision_totally_signed()
    {
        var nss = Path.Combine(_work, "nss");
        Directory.CreateDirectory(nss);
        ExternalTool.Run("certutil", "libnss3-tools", "-N", "--empty-password", "-d", "sql:" + nss);
        ExternalTool.Run("certutil", "libnss3-tools", "-A", "-n", "jr-dev-root", "-t", "CT,C,C",
            "-i", CertsDev(DevPkiFiles.RootCaCertificate), "-d", "sql:" + nss);
        var pdf = Path.Combine(_work, "signed.pdf");
        File.WriteAllBytes(pdf, fixture.Signed);

        var output = ExternalTool.Run("pdfsig", "poppler-utils", "-nssdir", "sql:" + nss, pdf).Output;

        var blocks = Regex.Split(output, @"^Signature #\d+:", RegexOptions.Multiline).Skip(1).ToList();
        Assert.True(blocks.Count == 3, output);
        foreach (var cades in blocks.Take(2))
        {
            Assert.Contains("Signature Type: ETSI.CAdES.detached", cades);
            Assert.Contains("Signature is Valid.", cades);
            Assert.Contains("Certificate is Trusted.", cades);
        }
        Assert.Contains("Signer Certificate Common Name: Nguyễn Văn An", blocks[0]);
        Assert.Contains("Signer Certificate Common Name: Phòng Hồ sơ nghiệp vụ", blocks[1]);
        // pdfsig (poppler 22.12) cannot validate ETSI.RFC3161 document timestamps ("Signature Type:
        // unknown"); it still reports coverage. The timestamp itself is checked by openssl ts below.
        Assert.Contains("Signature Field Name: DocumentTimeStamp", blocks[2]);
        Assert.Contains("Total document signed", blocks[2]);
        Assert.DoesNotContain("Not total document signed", blocks[2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void openssl_verifies_each_cms_over_its_byte_range_against_the_dev_root(int index)
    {
        var signature = SignedRange.All(fixture.Signed)[index];
        var cms = Write($"sig{index}.der", signature.Info.SignatureDer);
        var content = Write($"content{index}.bin", signature.CoveredBytes);

        var result = ExternalTool.Run("openssl", "openssl", "cms", "-verify", "-binary", "-inform", "DER",
            "-in", cms, "-content", content, "-CAfile", CertsDev(DevPkiFiles.RootCaCertificate), "-out", "/dev/null");

        Assert.Contains("CMS Verification successful", result.Output);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void openssl_verifies_the_document_timestamp_over_the_final_revision()
    {
        var last = SignedRange.All(fixture.Signed)[^1];
        var token = Write("doc-ts.der", last.Info.SignatureDer);
        var content = Write("doc-ts.bin", last.CoveredBytes);

        var result = ExternalTool.Run("openssl", "openssl", "ts", "-verify", "-in", token, "-token_in", "-data", content,
            "-CAfile", CertsDev(DevPkiFiles.RootCaCertificate), "-untrusted", CertsDev(DevPkiFiles.IssuingCaCertificate));

        Assert.Contains("Verification: OK", result.Output);
    }

    [Fact]
    public void openssl_rejects_a_cms_whose_covered_bytes_were_altered()
    {
        var signature = SignedRange.All(fixture.Signed)[0];
        var altered = (byte[])signature.CoveredBytes.Clone();
        altered[altered.Length / 3] ^= 0x01;
        var cms = Write("sig.der", signature.Info.SignatureDer);
        var content = Write("altered.bin", altered);

        var result = ExternalTool.Run("openssl", "openssl", "cms", "-verify", "-binary", "-inform", "DER",
            "-in", cms, "-content", content, "-CAfile", CertsDev(DevPkiFiles.RootCaCertificate), "-out", "/dev/null");

        Assert.DoesNotContain("CMS Verification successful", result.Output);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
