using System.Diagnostics;
using System.Text.RegularExpressions;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Documents.Verification;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Certificates;

/// <summary>
/// Form 1 and Form 2 for a clean, a convicted, an expunged and a foreign person, issued through the real
/// issuer, each validated by our verifier and cross-checked by poppler's pdfsig trusting the dev root.
/// </summary>
public sealed class CertificateCasesTests(ApiFactory api) : IClassFixture<ApiFactory>, IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("jr-cases-").FullName;

    public static TheoryData<string, int> Cases => new()
    {
        { "clean", 1 }, { "clean", 2 }, { "convicted", 1 }, { "convicted", 2 },
        { "expunged", 1 }, { "expunged", 2 }, { "foreign", 1 }, { "foreign", 2 },
    };

    static readonly Dictionary<(string, int), string> Expected = new()
    {
        [("clean", 1)] = "Không có án tích", [("clean", 2)] = "Không có án tích",
        [("convicted", 1)] = "Có án tích", [("convicted", 2)] = "Chưa được xóa án tích",
        [("expunged", 1)] = "Không có án tích", [("expunged", 2)] = "Đã được xóa án tích ngày 01/03/2022",
        [("foreign", 1)] = "Không có án tích trong thời gian cư trú tại Việt Nam",
        [("foreign", 2)] = "Không có án tích trong thời gian cư trú tại Việt Nam",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task every_kind_of_certificate_validates_in_our_verifier_and_in_pdfsig(string kind, int form)
    {
        var person = await Prepare(kind);
        var request = new CertificateRequest(form == 1 ? CertificateForm.One : CertificateForm.Two, person);
        var certificate = await api.Services.GetRequiredService<CertificateIssuer>()
            .IssueAsync(person.PersonalId, request, Guid.NewGuid(), CancellationToken.None);
        var pdf = (await api.Services.GetRequiredService<CertificateRegistry>().GetPdfAsync(certificate.Number, CancellationToken.None))!;

        Assert.Contains(Expected[(kind, form)], PdfText(pdf));

        var report = await api.Services.GetRequiredService<PdfSignatureVerifier>().VerifyAsync(pdf);
        Assert.True(report.Indication == Indication.TotalPassed, $"{report.Indication} {report.SubIndication} {report.Reason}");

        var blocks = Pdfsig(pdf);
        Assert.Equal(3, blocks.Count);
        foreach (var signature in blocks.Take(2))
        {
            Assert.Contains("Signature is Valid.", signature);
            Assert.Contains("Certificate is Trusted.", signature);
        }
        Assert.Contains("Total document signed", blocks[2]);
        Assert.DoesNotContain("Not total document signed", blocks[2]);
    }

    async Task<PersonDetails> Prepare(string kind)
    {
        var person = Person();
        switch (kind)
        {
            case "convicted":
                await api.Record(person.PersonalId, Judgment(person, Prison(24), new DateOnly(2024, 3, 1), "31/2024/HS-ST"));
                break;
            case "expunged":
                // A year in prison served on 01/03/2020, court fee paid: expunged two years later (Art. 70(2)(b)).
                var judgment = Judgment(person, Prison(12), new DateOnly(2019, 3, 1), "7/2019/HS-ST");
                var served = new DateOnly(2020, 3, 1);
                await api.Record(person.PersonalId, judgment,
                    new PrincipalPenaltyCompleted(judgment.ConvictionId, "CA-DNA", "GCN-7", served, served),
                    new CourtFeePaid(judgment.ConvictionId, "THADS-DNA", "BL-7", served, served, judgment.CourtFeeVnd));
                break;
            case "foreign":
                return person with { PersonalId = $"M{Random.Shared.Next(10_000_000, 99_999_999)}", FullName = "KIM MIN-JUN", Nationality = "Hàn Quốc" };
        }
        return person;
    }

    List<string> Pdfsig(byte[] pdf)
    {
        var nss = Path.Combine(_work, "nss");
        if (!Directory.Exists(nss))
        {
            Directory.CreateDirectory(nss);
            Run("certutil", "-N", "--empty-password", "-d", "sql:" + nss);
            Run("certutil", "-A", "-n", "jr-dev-root", "-t", "CT,C,C", "-i", TestKeys.RepositoryFile("certs-dev/root-ca.crt.pem"), "-d", "sql:" + nss);
        }
        var path = Path.Combine(_work, $"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        return Regex.Split(Run("pdfsig", "-nssdir", "sql:" + nss, path), @"^Signature #\d+:", RegexOptions.Multiline).Skip(1).ToList();
    }

    /// <summary>Runs a checker from poppler-utils or libnss3-tools (installed by .ci/run) and returns its output.</summary>
    static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Result + error;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
