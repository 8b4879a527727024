namespace JudicialRecords.Documents.Rendering;

/// <summary>Turns a certificate's content into an unsigned PDF ready for incremental signing.</summary>
public interface ICertificateRenderer
{
    /// <returns>A PDF with a classic cross-reference table, so signatures can be appended as
    /// incremental updates.</returns>
    byte[] Render(CertificateDocument doc);
}
