using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Tests.Rendering;
using JudicialRecords.Documents.Verification;

namespace JudicialRecords.Documents.Tests.Verification;

/// <summary>
/// A rendered Form 1 certificate signed the production way (officer, seal, DSS, document timestamp),
/// and signers for the attacks that need a different key. Shared by the corpus tests: signing is the
/// slow part.
/// </summary>
public sealed class AttackCorpusFixture : IAsyncLifetime
{
    public const string Number = "000123/2026/LLTP";

    public byte[] Unsigned { get; } = new PdfCertificateRenderer().Render(CertificateSamples.Form1Clean() with { RegistryNumber = Number });

    public byte[] Signed { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var signer = CertificatePdfSigner.FromOptions(DevPkiDefaults.Signing(TestPaths.CertsDev), TimeProvider.System);
        Signed = await signer.SignAsync(Unsigned);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Signs like the officer step (B-T) and adds a DSS (B-LT), but with another key.</summary>
    public async Task<byte[]> SignWithAsync(string pkcs12File, byte[] pdf, string fieldName = "OtherSignature")
    {
        using var key = Load(pkcs12File);
        using var tsaKey = Load(DevPkiFiles.TsaPkcs12);
        var pades = new PadesSigner(new DevTimeStampAuthority(tsaKey, TimeProvider.System), TimeProvider.System);
        var signed = await pades.AddSignatureAsync(pdf, key, new SignatureFieldOptions(fieldName));
        return pades.AddValidationData(signed, StaticCrlSource.FromFiles(DevPkiDefaults.Signing(TestPaths.CertsDev).CrlPaths));
    }

    /// <summary>What the registry would hold of <see cref="Signed"/>.</summary>
    public IssuedCertificate Issued(CertificateStatus status) =>
        new(status, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Signed)), Signed.Length);

    /// <summary><see cref="Signed"/> with a second document timestamp appended, as archival renewal (B-LTA) does.</summary>
    public async Task<byte[]> WithAnotherDocumentTimeStamp()
    {
        using var tsaKey = Load(DevPkiFiles.TsaPkcs12);
        var pades = new PadesSigner(new DevTimeStampAuthority(tsaKey, TimeProvider.System), TimeProvider.System);
        return await pades.AddDocumentTimeStampAsync(Signed, "ArchiveTimeStamp");
    }

    public static PdfSignatureVerifier Verifier(CertificateStatusLookup? registry = null) =>
        PdfSignatureVerifier.FromOptions(DevPkiDefaults.Trust(TestPaths.CertsDev), TimeProvider.System, registry);

    private static Pkcs12SigningKey Load(string file) =>
        Pkcs12SigningKey.Load(Path.Combine(TestPaths.CertsDev, file), DevPkiFiles.Pkcs12Password);
}
