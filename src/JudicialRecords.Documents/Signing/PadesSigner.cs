using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JudicialRecords.Documents.Signing.Pdf;
using JudicialRecords.Documents.Verification;

namespace JudicialRecords.Documents.Signing;

/// <summary>What a signature dictionary says about the signature besides the CMS.</summary>
/// <param name="FieldName">The signature field's name (/T): ASCII letters, digits, '_' or '-' (a '.' would make it a hierarchy); unique in the document.</param>
public sealed record SignatureFieldOptions(string FieldName)
{
    public string? SignerName { get; init; }
    public string? Reason { get; init; }
    public string? Location { get; init; }
    public string? ContactInfo { get; init; }
}

/// <summary>
/// PAdES baseline signing by incremental updates (ETSI EN 319 142-1): each call appends one revision
/// and leaves every earlier byte as it was, so a signature, a DSS and a document timestamp can follow
/// each other without invalidating what came before.
/// </summary>
public sealed class PadesSigner(ITimeStampAuthority tsa, TimeProvider clock)
{
    // Parsed certificates by SHA-256 of their encoding, for the DSS: bounded, as a document could bring many.
    private readonly BoundedCache<string, X509Certificate2> _certificates = new(1024);

    private const string ByteRangePlaceholder = "[0 0000000000 0000000000 0000000000]";

    /// <summary>Space beyond the largest signature of its kind so far: timestamp tokens vary by some bytes (serial, time).</summary>
    public const int ReserveMargin = 1024;

    // The largest DER each kind of signature (a signer's, or the document timestamp) needed so far.
    private readonly ConcurrentDictionary<string, int> _needed = new();

    /// <summary>
    /// Space kept for a signature timestamp token inside the CMS: the token carries the TSA's signature
    /// and its certificate chain, which we only learn after asking.
    /// </summary>
    public int TimeStampTokenAllowance { get; init; } = 12 * 1024;

    /// <summary>Appends an invisible signature field and a CAdES (B-T) signature over the whole file.</summary>
    public Task<byte[]> AddSignatureAsync(byte[] pdf, ISigningKey key, SignatureFieldOptions field,
        CancellationToken cancellationToken = default)
    {
        var signature = new PdfDictionary
        {
            ["Type"] = new PdfName("Sig"),
            ["Filter"] = new PdfName("Adobe.PPKLite"),
            ["SubFilter"] = new PdfName("ETSI.CAdES.detached"),
        };
        if (field.SignerName is { } name)
            signature["Name"] = PdfAtom.TextString(name);
        if (field.Reason is { } reason)
            signature["Reason"] = PdfAtom.TextString(reason);
        if (field.Location is { } location)
            signature["Location"] = PdfAtom.TextString(location);
        if (field.ContactInfo is { } contact)
            signature["ContactInfo"] = PdfAtom.TextString(contact);
        // PAdES puts the claimed signing time here, not in a CMS signing-time attribute.
        signature["M"] = new PdfAtom(PdfDate(clock.GetUtcNow()));

        var allowance = key.CertificateChain.Sum(c => c.RawData.Length) + TimeStampTokenAllowance + 4096;
        return AppendFittedAsync(pdf, field.FieldName, signature, "signature " + key.CertificateChain[0].Thumbprint, allowance,
            content => CadesSignature.CreateAsync(content, key, tsa, cancellationToken));
    }

    /// <summary>Appends a document timestamp (SubFilter ETSI.RFC3161) over the whole file: PAdES B-LTA.</summary>
    public Task<byte[]> AddDocumentTimeStampAsync(byte[] pdf, string fieldName = "DocumentTimeStamp",
        CancellationToken cancellationToken = default)
    {
        var signature = new PdfDictionary
        {
            ["Type"] = new PdfName("DocTimeStamp"),
            ["Filter"] = new PdfName("Adobe.PPKLite"),
            ["SubFilter"] = new PdfName("ETSI.RFC3161"),
        };
        return AppendFittedAsync(pdf, fieldName, signature, "document timestamp", TimeStampTokenAllowance,
            content => tsa.TimeStampAsync(content.Sha256(), cancellationToken));
    }

    /// <summary>
    /// Appends a Document Security Store (ETSI EN 319 142-1 §5.4.2) with every certificate found in the
    /// document's signatures and their timestamps, and the CRLs covering them: PAdES B-LT.
    /// </summary>
    public byte[] AddValidationData(byte[] pdf, IRevocationSource revocation)
    {
        var file = PdfFile.Parse(pdf);
        var signatures = file.Signatures();
        if (signatures.Count == 0)
            throw new InvalidOperationException("The document has no signature to add validation data for.");

        var writer = new PdfIncrementalWriter(file);
        var streams = new Dictionary<string, PdfReference>();
        PdfReference StreamFor(byte[] der)
        {
            var key = Convert.ToHexString(SHA256.HashData(der));
            if (!streams.TryGetValue(key, out var reference))
            {
                reference = writer.Allocate();
                writer.WriteStream(reference, der);
                streams[key] = reference;
            }
            return reference;
        }

        var catalog = file.Catalog;
        var existing = catalog["DSS"] is { } dssValue ? file.Resolve(dssValue) as PdfDictionary : null;
        var allCerts = ExistingArray(file, existing, "Certs");
        var allCrls = ExistingArray(file, existing, "CRLs");
        var vri = existing?["VRI"] is { } vriValue && file.Resolve(vriValue) is PdfDictionary oldVri ? oldVri : new PdfDictionary();

        foreach (var signature in signatures)
        {
            var certificates = CertificatesIn(signature.SignatureDer);
            var certRefs = certificates.Select(c => StreamFor(c.RawData)).ToList();
            var crlRefs = certificates.SelectMany(revocation.CrlsFor).Select(StreamFor).DistinctBy(r => r.Number).ToList();
            AddDistinct(allCerts, certRefs);
            AddDistinct(allCrls, crlRefs);
            // VRI key: uppercase hex SHA-1 of the /Contents bytes, as written (the convention of iText and EU DSS).
            vri[Convert.ToHexString(SHA1.HashData(signature.Contents))] = new PdfDictionary
            {
                ["Cert"] = new PdfArray(certRefs),
                ["CRL"] = new PdfArray(crlRefs),
            };
        }

        var dss = new PdfDictionary
        {
            ["Type"] = new PdfName("DSS"),
            ["Certs"] = allCerts,
            ["CRLs"] = allCrls,
            ["VRI"] = vri,
        };
        if (existing?["OCSPs"] is { } ocsps)
            dss["OCSPs"] = ocsps;
        var dssReference = writer.Allocate();
        writer.Write(dssReference, dss);
        catalog["DSS"] = dssReference;
        writer.Write(file.RootReference, catalog);
        return writer.Finish();
    }

    private static PdfArray ExistingArray(PdfFile file, PdfDictionary? dss, string key) =>
        dss?[key] is { } value && file.Resolve(value) is PdfArray array ? new PdfArray(array.Items) : new PdfArray();

    private static void AddDistinct(PdfArray array, IEnumerable<PdfReference> references)
    {
        foreach (var reference in references)
        {
            if (!array.Items.OfType<PdfReference>().Any(r => r.SameAs(reference)))
                array.Items.Add(reference);
        }
    }

    /// <summary>
    /// The certificates of a CMS signature and of any signature timestamp token inside it, in order of
    /// appearance. Read with System.Formats.Asn1 (a walk over the encoding, nothing decoded that is not
    /// needed), and loaded once per distinct certificate: the same few chains recur in every document.
    /// </summary>
    private List<X509Certificate2> CertificatesIn(byte[] cmsDer)
    {
        var ders = new List<ReadOnlyMemory<byte>>();
        CollectCertificates(cmsDer, ders, withTimeStampTokens: true);
        var found = new List<X509Certificate2>();
        var seen = new HashSet<string>();
        foreach (var der in ders)
        {
            var key = Convert.ToHexString(SHA256.HashData(der.Span));
            if (seen.Add(key))
                found.Add(_certificates.GetOrAdd(key, _ => X509CertificateLoader.LoadCertificate(der.Span)));
        }
        return found;
    }

    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string SignatureTimeStampTokenOid = "1.2.840.113549.1.9.16.2.14";

    /// <summary>Walks a ContentInfo holding SignedData (RFC 5652 §5.1) for its certificates.</summary>
    private static void CollectCertificates(ReadOnlyMemory<byte> contentInfo, List<ReadOnlyMemory<byte>> found, bool withTimeStampTokens)
    {
        // BER: accepts every DER encoding and does not insist on DER's SET OF order.
        var outer = new AsnReader(contentInfo, AsnEncodingRules.BER).ReadSequence();
        if (outer.ReadObjectIdentifier() != SignedDataOid)
            throw new PdfFormatException("A signature is not CMS SignedData.");
        var signedData = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadEncodedValue(); // version
        signedData.ReadEncodedValue(); // digestAlgorithms
        signedData.ReadEncodedValue(); // encapContentInfo
        var certificatesTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (signedData.HasData && signedData.PeekTag() == certificatesTag)
        {
            var certificates = signedData.ReadSetOf(certificatesTag);
            while (certificates.HasData)
            {
                // CertificateChoices: only the plain Certificate (a SEQUENCE) goes into a DSS.
                var isCertificate = certificates.PeekTag() == Asn1Tag.Sequence;
                var encoded = certificates.ReadEncodedValue();
                if (isCertificate)
                    found.Add(encoded);
            }
        }
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            signedData.ReadEncodedValue(); // crls
        if (!withTimeStampTokens)
            return;
        var signerInfos = signedData.ReadSetOf();
        while (signerInfos.HasData)
        {
            var signerInfo = signerInfos.ReadSequence();
            var unsignedTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
            while (signerInfo.HasData)
            {
                if (signerInfo.PeekTag() != unsignedTag)
                {
                    signerInfo.ReadEncodedValue();
                    continue;
                }
                var attributes = signerInfo.ReadSetOf(unsignedTag);
                while (attributes.HasData)
                {
                    var attribute = attributes.ReadSequence();
                    if (attribute.ReadObjectIdentifier() != SignatureTimeStampTokenOid)
                        continue;
                    var values = attribute.ReadSetOf();
                    while (values.HasData)
                        CollectCertificates(values.ReadEncodedValue(), found, withTimeStampTokens: false);
                }
            }
        }
    }

    /// <summary>
    /// Appends the signature in as much space as the same kind of signature needed before, plus
    /// <see cref="ReserveMargin"/>, rather than the whole <paramref name="allowance"/>, which would leave a third of every
    /// certificate zeros to hash, store and send. A signature that outgrows it (a TSA that changed its chain) is made again
    /// in the whole allowance.
    /// </summary>
    private async Task<byte[]> AppendFittedAsync(byte[] pdf, string fieldName, PdfDictionary signature, string kind, int allowance,
        Func<ByteRangeContent, Task<byte[]>> sign)
    {
        if (_needed.TryGetValue(kind, out var needed) && needed + ReserveMargin < allowance)
        {
            var (fitted, size) = await AppendSignatureAsync(pdf, fieldName, signature, needed + ReserveMargin, sign).ConfigureAwait(false);
            if (fitted is not null)
                return Remember(kind, size, fitted);
        }
        var (bytes, used) = await AppendSignatureAsync(pdf, fieldName, signature, allowance, sign).ConfigureAwait(false);
        return bytes is null
            ? throw new InvalidOperationException($"The signature needs {used} bytes but only {allowance} were reserved.")
            : Remember(kind, used, bytes);
    }

    private byte[] Remember(string kind, int size, byte[] signed)
    {
        _needed.AddOrUpdate(kind, size, (_, before) => Math.Max(before, size));
        return signed;
    }

    /// <summary>The file with the signature, or null when its DER (<c>Needed</c> bytes) does not fit in <paramref name="reserveBytes"/>.</summary>
    private static async Task<(byte[]? Signed, int Needed)> AppendSignatureAsync(byte[] pdf, string fieldName, PdfDictionary signature,
        int reserveBytes, Func<ByteRangeContent, Task<byte[]>> sign)
    {
        ValidateFieldName(fieldName);
        var file = PdfFile.Parse(pdf);
        if (file.Fields().Any(f => FieldNameOf(f.Field) == fieldName))
            throw new InvalidOperationException($"The document already has a field named '{fieldName}'.");

        var writer = new PdfIncrementalWriter(file, 2 * reserveBytes);
        var signatureReference = writer.Allocate();
        var fieldReference = writer.Allocate();
        var page = file.FirstPageReference();

        // Fixed-width placeholders: the real values are patched in place, so no offset moves.
        signature["ByteRange"] = new PdfAtom(ByteRangePlaceholder);
        signature["Contents"] = new PdfAtom("<" + new string('0', 2 * reserveBytes) + ">");
        var signatureOffset = writer.Write(signatureReference, signature);

        // One dictionary is both the field and its widget; a zero rectangle makes it invisible, and
        // flags Print (4) + Locked (128) keep viewers from moving or deleting it.
        writer.Write(fieldReference, new PdfDictionary
        {
            ["Type"] = new PdfName("Annot"),
            ["Subtype"] = new PdfName("Widget"),
            ["FT"] = new PdfName("Sig"),
            ["T"] = new PdfAtom("(" + fieldName + ")"),
            ["V"] = signatureReference,
            ["P"] = page,
            ["Rect"] = new PdfArray([PdfAtom.Integer(0), PdfAtom.Integer(0), PdfAtom.Integer(0), PdfAtom.Integer(0)]),
            ["F"] = PdfAtom.Integer(132),
        });
        AddFieldToForm(file, writer, fieldReference);
        AddWidgetToPage(file, writer, page, fieldReference);
        var bytes = writer.Finish();

        var byteRangeAt = IndexOf(bytes, "/ByteRange "u8, signatureOffset) + "/ByteRange ".Length;
        var gapStart = IndexOf(bytes, "/Contents "u8, signatureOffset) + "/Contents ".Length;
        var gapEnd = gapStart + 2 * reserveBytes + 2;
        var byteRange = string.Create(CultureInfo.InvariantCulture, $"[0 {gapStart} {gapEnd} {bytes.Length - gapEnd}]");
        // Pad after the closing bracket so the array itself stays well-formed.
        Encoding.ASCII.GetBytes(byteRange.PadRight(ByteRangePlaceholder.Length)).CopyTo(bytes, byteRangeAt);

        var der = await sign(new ByteRangeContent(bytes, gapStart, gapEnd)).ConfigureAwait(false);
        if (der.Length > reserveBytes)
            return (null, der.Length);
        Encoding.ASCII.GetBytes(Convert.ToHexString(der)).CopyTo(bytes, gapStart + 1);
        return (bytes, der.Length);
    }

    private static void AddFieldToForm(PdfFile file, PdfIncrementalWriter writer, PdfReference field)
    {
        var catalog = file.Catalog;
        switch (catalog["AcroForm"])
        {
            case PdfReference formReference:
                var indirectForm = file.ReadDictionary(formReference);
                AppendField(file, writer, indirectForm, field);
                writer.Write(formReference, indirectForm);
                break;
            case PdfDictionary directForm:
                AppendField(file, writer, directForm, field);
                writer.Write(file.RootReference, catalog);
                break;
            default:
                var form = new PdfDictionary();
                AppendField(file, writer, form, field);
                catalog["AcroForm"] = form;
                writer.Write(file.RootReference, catalog);
                break;
        }
    }

    private static void AppendField(PdfFile file, PdfIncrementalWriter writer, PdfDictionary form, PdfReference field)
    {
        switch (form["Fields"])
        {
            case PdfReference fieldsReference:
                var fields = file.ReadObject(fieldsReference) as PdfArray ?? throw new PdfFormatException("/Fields is not an array.");
                fields.Items.Add(field);
                writer.Write(fieldsReference, fields);
                break;
            case PdfArray direct:
                direct.Items.Add(field);
                break;
            default:
                form["Fields"] = new PdfArray([field]);
                break;
        }
        // SignaturesExist (1) + AppendOnly (2): viewers must save by incremental update from now on.
        form["SigFlags"] = PdfAtom.Integer(3);
    }

    private static void AddWidgetToPage(PdfFile file, PdfIncrementalWriter writer, PdfReference pageReference, PdfReference widget)
    {
        var page = file.ReadDictionary(pageReference);
        switch (page["Annots"])
        {
            case PdfReference annotsReference:
                var annots = file.ReadObject(annotsReference) as PdfArray ?? throw new PdfFormatException("/Annots is not an array.");
                annots.Items.Add(widget);
                writer.Write(annotsReference, annots);
                break;
            case PdfArray direct:
                direct.Items.Add(widget);
                writer.Write(pageReference, page);
                break;
            default:
                page["Annots"] = new PdfArray([widget]);
                writer.Write(pageReference, page);
                break;
        }
    }

    private static string? FieldNameOf(PdfDictionary field) =>
        field["T"] is PdfAtom { Text: var text } ? text.Trim('(', ')') : null;

    private static void ValidateFieldName(string fieldName)
    {
        if (fieldName.Length == 0 || !fieldName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw new ArgumentException("A field name must be non-empty ASCII letters, digits, '_' or '-'.", nameof(fieldName));
    }

    private static string PdfDate(DateTimeOffset time) =>
        "(D:" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00')";

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> value, long from)
    {
        var index = data.AsSpan(checked((int)from)).IndexOf(value);
        if (index < 0)
            throw new InvalidOperationException("A signature placeholder was not written.");
        return checked((int)from) + index;
    }
}
