using JudicialRecords.Documents.Signing.Pdf;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.X509;

namespace JudicialRecords.Documents.Verification;

/// <summary>The bytes a signature covers: from 0 to <see cref="End"/> without the /Contents gap.</summary>
internal readonly record struct SignedRange(int GapStart, int GapEnd, int End);

/// <summary>The certificates and CRLs of a document's Document Security Store (ETSI EN 319 142-1 §5.4.2).</summary>
internal sealed record DssContent(bool Present, IReadOnlyList<X509Certificate> Certificates, IReadOnlyList<X509Crl> Crls);

/// <summary>One file under verification: its bytes, its parsed final revision, and what signatures share.</summary>
internal sealed class DocumentContext
{
    private readonly Dictionary<int, PdfFile> _revisions = [];

    public DocumentContext(byte[] pdf, PdfFile file, CertificateValidator validator)
    {
        Pdf = pdf;
        File = file;
        Dss = ReadDss(file, validator);
    }

    public byte[] Pdf { get; }

    /// <summary>The final revision: what a viewer shows.</summary>
    public PdfFile File { get; }

    /// <summary>The final revision's DSS, the newest validation data.</summary>
    public DssContent Dss { get; }

    /// <summary>The revision that ends at <paramref name="end"/>, as a file of its own.</summary>
    public PdfFile Revision(int end)
    {
        if (end == Pdf.Length)
            return File;
        if (!_revisions.TryGetValue(end, out var revision))
            _revisions[end] = revision = PdfFile.Parse(Pdf.AsSpan(0, end).ToArray());
        return revision;
    }

    public bool RevisionHasDss(int end) => Revision(end).Catalog["DSS"] is not null;

    public byte[]? HashRange(DerObjectIdentifier algorithm, SignedRange range) =>
        PdfSignatureVerifier.HashWith(algorithm, Pdf.AsSpan(0, range.GapStart), Pdf.AsSpan(range.GapEnd, range.End - range.GapEnd));

    /// <summary>The registry number the renderer put in the document information, if any.</summary>
    public string? CertificateNumber()
    {
        if (File.Trailer["Info"] is not { } info || File.Resolve(info) is not PdfDictionary dictionary)
            return null;
        var number = PdfText.Decode(dictionary[PdfSignatureVerifier.CertificateNumberKey])?.Trim();
        return string.IsNullOrEmpty(number) ? null : number;
    }

    private static DssContent ReadDss(PdfFile file, CertificateValidator validator)
    {
        if (file.Catalog["DSS"] is not { } value || file.Resolve(value) is not PdfDictionary dss)
            return new DssContent(false, [], []);
        IEnumerable<byte[]> Streams(string key) =>
            dss[key] is { } array && file.Resolve(array) is PdfArray items
                ? items.Items.OfType<PdfReference>().Select(file.ReadStreamData)
                : [];
        return new DssContent(true,
            Streams("Certs").Select(validator.ParseCertificate).ToList(),
            Streams("CRLs").Select(validator.ParseCrl).ToList());
    }
}
