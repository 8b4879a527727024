using Marten;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>Reads of the certificate registry, for the endpoints here and the features that deliver certificates.</summary>
public sealed class CertificateRegistry(IDocumentStore store, CertificatePdfs pdfs)
{
    public async Task<CertificateRecord?> FindAsync(string number, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<CertificateRecord>(number, cancellationToken);
    }

    public async Task<CertificateRecord?> FindByApplicationAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<CertificateRecord>().FirstOrDefaultAsync(c => c.ApplicationId == applicationId, cancellationToken);
    }

    /// <summary>The signed PDF as issued, a copy of its own the caller may change; null for an unknown number.</summary>
    public async Task<byte[]?> GetPdfAsync(string number, CancellationToken cancellationToken) =>
        (await pdfs.GetAsync(number, cancellationToken))?.Pdf.ToArray();

    /// <summary>The signed PDF and whether it was revoked since; null for an unknown number. The array is shared: never to be changed.</summary>
    public Task<(byte[] Pdf, bool Revoked)?> GetPdfWithStatusAsync(string number, CancellationToken cancellationToken) =>
        pdfs.GetAsync(number, cancellationToken);
}
