using System.Security.Cryptography;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Verification;

namespace JudicialRecords.Benchmarks;

/// <summary>
/// Issue 4's figure: render + officer signature + seal signature + DSS + document timestamp (B-LTA)
/// per second on all cores, beside the bare RSA-2048 signing rate measured in the same run.
/// </summary>
static class SigningBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var duration = Measure.Seconds(args, "--seconds", 20);
        var workers = Measure.Int(args, "--workers", Environment.ProcessorCount);
        var options = DevPkiDefaults.Signing(Repository.CertsDev);
        using var signer = CertificatePdfSigner.FromOptions(options, TimeProvider.System);
        var renderer = new PdfCertificateRenderer();
        var document = Sample();

        using var rsa = RSA.Create(2048);
        var digest = SHA256.HashData("benchmark"u8);

        Console.WriteLine($"signing benchmark: {workers} workers, {duration.TotalSeconds:0} s each, {Environment.ProcessorCount} cores");
        await Measure.ForAsync("baseline: bare RSA-2048 sign (.NET)", workers, duration,
            (_, _) => { rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1); return Task.CompletedTask; },
            warmUp: true);
        await Measure.ForAsync("render only", workers, duration,
            (_, _) => { renderer.Render(document); return Task.CompletedTask; }, warmUp: true);
        var full = await Measure.ForAsync("render + 2 signatures + DSS + doc timestamp", workers, duration,
            async (_, _) => await signer.SignAsync(renderer.Render(document)), warmUp: true);
        Console.WriteLine($"target ≥ 200 certificates/s: {(full.PerSecond >= 200 ? "met" : "NOT met")} ({full.PerSecond:N1}/s)");
    }

    /// <summary>Issue 4's other figure: full PAdES validation (offline, no registry) of signed certificates per second.</summary>
    public static async Task VerifyAsync(string[] args)
    {
        var duration = Measure.Seconds(args, "--seconds", 20);
        var workers = Measure.Int(args, "--workers", Environment.ProcessorCount);
        using var signer = CertificatePdfSigner.FromOptions(DevPkiDefaults.Signing(Repository.CertsDev), TimeProvider.System);
        var pdf = await signer.SignAsync(new PdfCertificateRenderer().Render(Sample()));
        var verifier = PdfSignatureVerifier.FromOptions(DevPkiDefaults.Trust(Repository.CertsDev), TimeProvider.System);
        if ((await verifier.VerifyAsync(pdf)).Indication != Indication.TotalPassed) throw new InvalidOperationException("The sample does not pass.");

        Console.WriteLine($"verification benchmark: {workers} workers, {duration.TotalSeconds:0} s, a {pdf.Length / 1024} KiB B-LTA certificate");
        var figures = await Measure.ForAsync("verify (structure, 3 signatures, chain, CRLs)", workers, duration,
            async (_, _) => await verifier.VerifyAsync(pdf), warmUp: true);
        Console.WriteLine($"target ≥ 300 PDFs/s: {(figures.PerSecond >= 300 ? "met" : "NOT met")} ({figures.PerSecond:N1}/s)");
    }

    static CertificateDocument Sample() => new(
        ["CÔNG AN TỈNH ĐỒNG NAI", "PHÒNG CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"],
        "Số: LLTP-CADNA-2026-000001",
        CertificateForm.One,
        [
            new("Họ và tên", "Nguyễn Thị Ngọc Ánh"), new("Giới tính", "Nữ"), new("Ngày, tháng, năm sinh", "15/08/1990"),
            new("Nơi sinh", "Đồng Nai"), new("Quốc tịch", "Việt Nam"), new("Nơi cư trú", "Biên Hòa, Đồng Nai"),
            new("Số định danh cá nhân", "075190001234"),
        ],
        ConvictionsBlock.None("Không có án tích"),
        BankruptcyBan: null,
        "Đồng Nai, ngày 26 tháng 11 năm 2026",
        new CertificateSigner(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Trần Quốc Việt"),
        "http://localhost:5080/api/v1/certificates/LLTP-CADNA-2026-000001");
}
