using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;

namespace JudicialRecords.Documents.Tests.Signing;

/// <summary>
/// A test PDF signed the way certificates are: officer, seal, DSS, document timestamp. <see cref="Signed"/> is the signer's
/// second certificate, whose signatures have the space the first ones needed (<see cref="PadesSigner.ReserveMargin"/>),
/// as nearly every certificate a running service issues; <see cref="First"/> is its first, with the whole allowance.
/// </summary>
public sealed class SignedCertificateFixture : IAsyncLifetime
{
    public byte[] Unsigned { get; } = TestPdf.OnePage();

    public byte[] First { get; private set; } = [];

    public byte[] Signed { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var signer = CertificatePdfSigner.FromOptions(DevPkiDefaults.Signing(TestPaths.CertsDev), TimeProvider.System);
        First = await signer.SignAsync(Unsigned);
        Signed = await signer.SignAsync(Unsigned);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
