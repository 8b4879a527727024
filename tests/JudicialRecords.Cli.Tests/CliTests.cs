using System.CommandLine;
using System.Text.Json;
using JudicialRecords.Cli;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Documents.Signing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Cli.Tests;

public sealed class CliTests
{
    static readonly string CertsDev = Path.Combine(RepositoryRoot(), "certs-dev");

    static async Task<(int Exit, string Output, string Error)> Jr(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await JrCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task token_mints_a_token_the_service_accepts_for_the_role_and_agency()
    {
        var (exit, output, _) = await Jr("token", "--role", "court", "--agency", "TAND-DNA", "--key", Path.Combine(CertsDev, "jwt-signing-key.pem"));

        Assert.Equal(0, exit);
        var key = PublicKey(Path.Combine(CertsDev, "jwt-signing-key.pub.pem"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(output.Trim(), new TokenValidationParameters
        {
            ValidIssuer = "judicialrecords", ValidAudience = "judicialrecords-api", IssuerSigningKey = key,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("court", result.Claims["role"]);
        Assert.Equal("TAND-DNA", result.Claims["agency"]);
    }

    [Fact]
    public async Task token_for_an_agency_role_without_the_agency_is_refused()
    {
        var (exit, _, error) = await Jr("token", "--role", "police");

        Assert.Equal(2, exit);
        Assert.Contains("agency", error);
    }

    [Fact]
    public async Task verify_passes_a_signed_certificate_and_exits_zero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jr-cli-{Guid.NewGuid():N}.pdf");
        using (var signer = CertificatePdfSigner.FromOptions(DevPkiDefaults.Signing(CertsDev), TimeProvider.System))
            await File.WriteAllBytesAsync(path, await signer.SignAsync(new PdfCertificateRenderer().Render(Sample())));

        var (exit, output, _) = await Jr("verify", path, "--trust", Path.Combine(CertsDev, "root-ca.crt.pem"));

        Assert.Equal(0, exit);
        Assert.Equal("TOTAL_PASSED", JsonDocument.Parse(output).RootElement.GetProperty("indication").GetString());
    }

    [Fact]
    public async Task verify_reports_a_file_that_is_not_a_pdf_and_exits_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jr-cli-{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(path, "not a pdf");

        var (exit, output, _) = await Jr("verify", path, "--trust", Path.Combine(CertsDev, "root-ca.crt.pem"));

        Assert.Equal(1, exit);
        Assert.Equal("FORMAT_FAILURE", JsonDocument.Parse(output).RootElement.GetProperty("subIndication").GetString());
    }

    static CertificateDocument Sample() => new(
        ["CÔNG AN TỈNH ĐỒNG NAI"], "Số: LLTP-CADNA-2026-000001", CertificateForm.One,
        [new("Họ và tên", "Nguyễn Thị Ngọc Ánh"), new("Số định danh cá nhân", "075190001234")],
        ConvictionsBlock.None("Không có án tích"), BankruptcyBan: null, "Đồng Nai, ngày 26 tháng 11 năm 2026",
        new CertificateSigner(["GIÁM ĐỐC"], "Trần Quốc Việt"), "http://localhost:5080/api/v1/certificates/LLTP-CADNA-2026-000001");

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "JudicialRecords.sln"))) return folder.FullName;
        throw new InvalidOperationException("Run the tests inside the repository.");
    }

    static RsaSecurityKey PublicKey(string pemPath)
    {
        var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(pemPath));
        return new RsaSecurityKey(rsa);
    }
}
