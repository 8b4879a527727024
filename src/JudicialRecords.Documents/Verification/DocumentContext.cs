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

    /// <summary>More certificates or CRLs than any real chain needs (a certificate's DSS holds a handful of each).</summary>
    internal const int MaxDssEntries = 256;

    /// <summary>What a DSS's streams may decode to in all: far above real CRLs, far below what a hostile file could demand.</summary>
    internal const int MaxDssBytes = 32 * 1024 * 1024;

    private static DssContent ReadDss(PdfFile file, CertificateValidator validator)
    {
        if (file.Catalog["DSS"] is not { } value || file.Resolve(value) is not PdfDictionary dss)
            return new DssContent(false, [], []);
        // Anyone may upload a file: one reference to a stream inflating to megabytes, repeated a million times, must not
        // be inflated a million times. Each object is read once, and only so many, to so many bytes in all.
        var budget = MaxDssBytes;
        List<byte[]> Streams(string key)
        {
            if (dss[key] is not { } array || file.Resolve(array) is not PdfArray items)
                return [];
            var references = items.Items.OfType<PdfReference>().DistinctBy(r => (r.Number, r.Generation)).ToList();
            if (references.Count > MaxDssEntries)
                throw new PdfFormatException($"The DSS lists {references.Count} {key}; at most {MaxDssEntries} are read.");
            var streams = new List<byte[]>(references.Count);
            foreach (var reference in references)
            {
                var data = file.ReadStreamData(reference);
                if ((budget -= data.Length) < 0)
                    throw new PdfFormatException($"The DSS's validation data exceeds {MaxDssBytes / (1024 * 1024)} MiB.");
                streams.Add(data);
            }
            return streams;
        }
        return new DssContent(true,
            Streams("Certs").Select(validator.ParseCertificate).ToList(),
            Streams("CRLs").Select(validator.ParseCrl).ToList());
    }
}
