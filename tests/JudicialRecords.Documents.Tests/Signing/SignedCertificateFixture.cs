using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;

namespace JudicialRecords.Documents.Tests.Signing;

/// <summary>A test PDF signed once, the way certificates are: officer, seal, DSS, document timestamp.</summary>
public sealed class SignedCertificateFixture : IAsyncLifetime
{
    public byte[] Unsigned { get; } = TestPdf.OnePage();

    public byte[] Signed { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var signer = CertificatePdfSigner.FromOptions(DevPkiDefaults.Signing(TestPaths.CertsDev), TimeProvider.System);
        Signed = await signer.SignAsync(Unsigned);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
