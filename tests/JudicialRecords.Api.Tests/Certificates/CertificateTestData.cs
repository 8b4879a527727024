using System.Diagnostics;
using System.Text.RegularExpressions;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;

namespace JudicialRecords.Api.Tests.Certificates;

/// <summary>People, judgments and the helpers the certificate tests share.</summary>
internal static partial class CertificateTestData
{
    /// <summary>A fresh Vietnamese man born 1990 with a personal ID of his own (from the one counter every test's IDs come from).</summary>
    public static PersonDetails Person(string? fullName = null)
    {
        return new PersonDetails(
            Agencies.PersonalId(new DateOnly(1990, 5, 10)), fullName ?? "Nguyễn Văn Bình", [], new DateOnly(1990, 5, 10), Sex.Male, "Biên Hòa, Đồng Nai",
            "Việt Nam", "Kinh", "Phường Tân Phong, Biên Hòa, Đồng Nai", "Nguyễn Văn Cường", "Trần Thị Dung", null);
    }

    public static CertificateRequest Form1(PersonDetails person, bool ban = false) => new(CertificateForm.One, person, ban);

    public static CertificateRequest Form2(PersonDetails person) => new(CertificateForm.Two, person);

    public static JudgmentTookEffect Judgment(PersonDetails person, PrincipalPenalty principal, DateOnly effective, string number) => new(
        Guid.NewGuid(), "TAND-DNA", number, effective.AddDays(-15), effective, "Tòa án nhân dân tỉnh Đồng Nai", effective.AddMonths(-6),
        person, new JudgmentTerms([new Offence("173", "1", "Trộm cắp tài sản", "XVI", OffenceSeverity.LessSerious, false)], principal, []),
        200_000, []);

    public static PrincipalPenalty Prison(int months) => new(PrincipalPenaltyType.Imprisonment, months, null, false, null);

    public static PrincipalPenalty Warning => new(PrincipalPenaltyType.Warning, null, null, false, null);

    /// <summary>Appends to the person's stream the way the exchange does: stream key = personal ID.</summary>
    public static async Task Record(this ApiFactory api, string personalId, params object[] events)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<CriminalRecord>(personalId, events);
        await session.SaveChangesAsync();
    }

    /// <summary>The PDF's text as pdftotext reads it, whitespace runs collapsed so wrapped rows still match.</summary>
    public static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jr-cert-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
            foreach (var arg in new[] { "-enc", "UTF-8", path, "-" }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (install poppler-utils).");
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return Whitespace().Replace(text, " ");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
