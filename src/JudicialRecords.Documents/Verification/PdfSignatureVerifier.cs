using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Signing.Pdf;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace JudicialRecords.Documents.Verification;

/// <summary>
/// What the registry holds of an issued certificate: its status, and the SHA-256 (lower-case hex) and length in bytes
/// of the signed PDF as issued (null length: only the whole file can be compared).
/// </summary>
public sealed record IssuedCertificate(CertificateStatus Status, string Sha256, long? Length);

/// <summary>Asks the certificate registry what it issued under a certificate number (null when it has no such number).</summary>
public delegate ValueTask<IssuedCertificate?> CertificateStatusLookup(string number, CancellationToken cancellationToken);

/// <summary>
/// Validates a signed certificate PDF the way ETSI EN 319 102-1 describes, for PAdES baseline
/// signatures (EN 319 142-1): the file's structure; for every signature field its ByteRange, what
/// changed after it, its CMS (message digest, signature value, signing-certificate-v2), its signature
/// timestamp, and its chain to the configured trust anchors with validity and revocation at the proven
/// signing time; every document timestamp; and, with a registry, that the file is the one the registry
/// issued under the certificate number the document information carries, and its status. Without the
/// registry a trusted key's signature over any PDF would pass: an agency key from the same PKI could sign a
/// forged "no conviction" certificate. Thread-safe: one instance serves every request.
/// </summary>
public sealed class PdfSignatureVerifier
{
    /// <summary>The document information key under which the renderer writes the registry's certificate number.</summary>
    public const string CertificateNumberKey = "CertificateNumber";

    private readonly CertificateValidator _validator;
    private readonly TimeProvider _clock;
    private readonly CertificateStatusLookup? _registry;

    /// <param name="trustAnchors">The roots a chain must end in.</param>
    /// <param name="clock">The validation time for signatures without a timestamp.</param>
    /// <param name="crls">DER CRLs used besides those in each document's DSS.</param>
    /// <param name="registry">The registry lookup; without one the certificate status is unknown.</param>
    public PdfSignatureVerifier(IEnumerable<X509Certificate2> trustAnchors, TimeProvider clock,
        IEnumerable<byte[]>? crls = null, CertificateStatusLookup? registry = null)
    {
        var parser = new X509CertificateParser();
        var crlParser = new X509CrlParser();
        _validator = new CertificateValidator(
            trustAnchors.Select(a => parser.ReadCertificate(a.RawData)),
            (crls ?? []).Select(crlParser.ReadCrl));
        _clock = clock;
        _registry = registry;
    }

    /// <summary>Trusts the roots in <see cref="TrustOptions.AnchorsPath"/> (PEM) and reads the CRL files given.</summary>
    public static PdfSignatureVerifier FromOptions(TrustOptions trust, TimeProvider clock,
        CertificateStatusLookup? registry = null, IEnumerable<string>? crlPaths = null)
    {
        if (string.IsNullOrWhiteSpace(trust.AnchorsPath))
            throw new InvalidOperationException("Trust:AnchorsPath is not configured.");
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(trust.AnchorsPath);
        if (anchors.Count == 0)
            throw new InvalidOperationException($"No certificate in {trust.AnchorsPath}.");
        return new PdfSignatureVerifier(anchors, clock, crlPaths?.Select(File.ReadAllBytes).ToList(), registry);
    }

    /// <summary>Validates <paramref name="pdf"/>. Never throws for bad input: every defect becomes a report.</summary>
    public async Task<VerificationReport> VerifyAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var document = new Findings();
        var (signatures, number) = Inspect(pdf, document);
        var status = await RegistryStatusAsync(pdf, number, document, cancellationToken).ConfigureAwait(false);
        return new VerificationReport(document.Indication, document.SubIndication, document.Reason,
            signatures, new CertificateReport(number, status), document.Checks);
    }

    /// <summary>Far more signatures than a certificate carries (the officer's, the seal's, document timestamps renewed over decades).</summary>
    internal const int MaxSignatures = 64;

    private (IReadOnlyList<SignatureReport> Signatures, string? Number) Inspect(byte[] pdf, Findings document)
    {
        DocumentContext context;
        List<(PdfDictionary Field, PdfObject? Value)> fields;
        string? number;
        try
        {
            var file = PdfFile.Parse(pdf);
            fields = file.Fields().Where(f => f.Field.NameOf("FT") == "Sig" && f.Field["V"] is not null)
                .Select(f => (f.Field, f.Field["V"])).ToList();
            context = new DocumentContext(pdf, file, _validator);
            // Read here, among the other reads of untrusted structure: an /Info that points nowhere is the file's fault.
            number = context.CertificateNumber();
        }
        catch (Exception e) when (IsInputError(e))
        {
            document.Fail(VerificationCheck.Structure, Indication.TotalFailed, SubIndication.FormatFailure, "Not a readable PDF: " + e.Message);
            return ([], null);
        }
        if (fields.Count == 0)
        {
            document.Fail(VerificationCheck.Structure, Indication.TotalFailed, SubIndication.FormatFailure, "The PDF holds no signature.");
            return ([], number);
        }
        // Each signature hashes up to the whole file: thousands of them in one upload would be hours of work for nothing.
        if (fields.Count > MaxSignatures)
        {
            document.Fail(VerificationCheck.Structure, Indication.TotalFailed, SubIndication.FormatFailure,
                $"The PDF holds {fields.Count} signatures; a certificate carries a few, and at most {MaxSignatures} are verified.");
            return ([], number);
        }
        document.Pass(VerificationCheck.Structure, $"A readable PDF with {fields.Count} signature fields"
            + (context.Dss.Present ? " and a DSS." : "."));

        var verified = fields.Select(f => VerifyField(context, f.Field, f.Value)).ToList();
        var reports = verified.Select(v => v.ToReport(LevelOf(v, verified, context))).ToList();
        foreach (var report in reports)
        {
            if (report.Indication != Indication.TotalPassed)
                document.Record(new Findings.Failure(report.Indication, report.SubIndication!.Value,
                    $"{report.FieldName}: {report.Checks.First(c => !c.Passed).Detail}"));
        }
        return (reports, number);
    }

    /// <summary>
    /// With a registry, a certificate is genuine only when the file begins with exactly the bytes issued under its number
    /// (a later incremental update, such as a renewed archive timestamp, is judged by the modification checks).
    /// </summary>
    private async Task<CertificateStatus> RegistryStatusAsync(byte[] pdf, string? number, Findings document, CancellationToken cancellationToken)
    {
        if (_registry is null)
            return CertificateStatus.Unknown;
        if (number is null)
        {
            document.Fail(VerificationCheck.Registry, Indication.TotalFailed, SubIndication.FormatFailure,
                "The PDF carries no certificate number: it is not a certificate the registry issued.");
            return CertificateStatus.Unknown;
        }
        if (await _registry(number, cancellationToken).ConfigureAwait(false) is not { } issued)
        {
            document.Fail(VerificationCheck.Registry, Indication.TotalFailed, SubIndication.HashFailure,
                $"The registry issued no certificate numbered {number}.");
            return CertificateStatus.Unknown;
        }
        if (!IsIssuedFile(pdf, issued))
            document.Fail(VerificationCheck.Registry, Indication.TotalFailed, SubIndication.HashFailure,
                $"The file is not certificate {number} as the registry issued it: its SHA-256 differs.");
        else if (issued.Status == CertificateStatus.Revoked)
            document.Fail(VerificationCheck.Registry, Indication.TotalFailed, SubIndication.Revoked, $"The registry has revoked certificate {number}.");
        else
            document.Pass(VerificationCheck.Registry, $"The file is certificate {number} as issued; the registry's status: {issued.Status.ToString().ToLowerInvariant()}.");
        return issued.Status;
    }

    private static bool IsIssuedFile(byte[] pdf, IssuedCertificate issued)
    {
        var length = issued.Length ?? pdf.Length;
        if (length > pdf.Length)
            return false;
        return string.Equals(Convert.ToHexString(SHA256.HashData(pdf.AsSpan(0, (int)length))), issued.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// B-T needs a valid signature timestamp, B-LT adds the signer's revocation data from the DSS, B-LTA
    /// a valid document timestamp over a revision that already holds the DSS.
    /// </summary>
    private static SignatureLevel? LevelOf(FieldVerification signature, List<FieldVerification> all, DocumentContext context)
    {
        if (signature.Kind == SignatureKind.DocumentTimeStamp)
            return null;
        if (signature.TimestampedAt is null)
            return SignatureLevel.BB;
        if (!signature.RevocationFromDss)
            return SignatureLevel.BT;
        var archived = all.Any(t => t.Kind == SignatureKind.DocumentTimeStamp
            && t.Findings.Indication == Indication.TotalPassed
            && t.RevisionEnd > signature.RevisionEnd
            && context.RevisionHasDss(t.RevisionEnd));
        return archived ? SignatureLevel.BLTA : SignatureLevel.BLT;
    }

    private FieldVerification VerifyField(DocumentContext context, PdfDictionary field, PdfObject? value)
    {
        var name = PdfText.Decode(field["T"]) ?? "";
        var result = new FieldVerification(name);
        try
        {
            if (value is not PdfReference reference)
            {
                result.Findings.Fail(VerificationCheck.ByteRange, Indication.TotalFailed, SubIndication.FormatFailure,
                    "The signature dictionary is not an indirect object, so its ByteRange cannot frame it.");
                return result;
            }
            var dictionary = context.File.ReadDictionary(reference);
            result.Kind = dictionary.NameOf("Type") == "DocTimeStamp" || dictionary.NameOf("SubFilter") == "ETSI.RFC3161"
                ? SignatureKind.DocumentTimeStamp
                : SignatureKind.Signature;
            result.SignedAt = PdfText.Date(dictionary["M"]);
            if (CheckByteRange(context, reference, dictionary, result) is not { } range)
                return result;
            if (ReadContents(field, dictionary, result) is not { } der)
                return result;
            CheckModifications(context, range, result.Findings);
            if (result.Kind == SignatureKind.Signature)
                VerifyCades(context, der, range, result);
            else
                VerifyDocumentTimeStamp(context, der, range, result);
        }
        catch (Exception e) when (IsInputError(e))
        {
            // Hostile input reaches parsers that throw many exception types; any of them means the
            // signature cannot be processed, which EN 319 102-1 calls a format failure.
            result.Findings.Fail(VerificationCheck.Contents, Indication.TotalFailed, SubIndication.FormatFailure,
                "The signature could not be read: " + e.Message);
        }
        return result;
    }

    /// <summary>
    /// The ByteRange must start at 0, leave out exactly this dictionary's /Contents string and end at a
    /// revision's %%EOF; otherwise what was signed is not what this dictionary claims (signature wrapping).
    /// </summary>
    private static SignedRange? CheckByteRange(DocumentContext context, PdfReference reference, PdfDictionary dictionary, FieldVerification result)
    {
        var pdf = context.Pdf;
        string problem;
        if (dictionary["ByteRange"] is not PdfArray { Items.Count: 4 } array
            || array.Items.Any(i => (i as PdfAtom)?.AsInteger() is not >= 0))
            problem = "/ByteRange is not an array of four non-negative integers.";
        else
        {
            var values = array.Items.Select(i => (long)((PdfAtom)i).AsInteger()!.Value).ToArray();
            var end = values[2] + values[3];
            if (values[0] != 0)
                problem = "/ByteRange does not start at the beginning of the file.";
            else if (values[1] <= 0 || values[2] <= values[1] || end > pdf.Length)
                problem = "/ByteRange is out of order or reaches beyond the end of the file.";
            else
            {
                var layout = new PdfParser(pdf, context.File.OffsetOf(reference)).ReadIndirectDictionaryLayout(reference.Number);
                var contents = layout.Where(e => e.Key == "Contents").ToList();
                if (contents.Count != 1 || layout.Count(e => e.Key == "ByteRange") != 1)
                    problem = "The signature dictionary holds /Contents or /ByteRange more than once.";
                else if (contents[0].Start != values[1] || contents[0].End != values[2])
                    problem = $"The ByteRange gap [{values[1]}, {values[2]}) is not this signature dictionary's /Contents, "
                        + $"which lies at [{contents[0].Start}, {contents[0].End}).";
                else if (layout[^1].End > end)
                    problem = "The signature dictionary reaches beyond the revision its ByteRange covers.";
                else if (!EndsRevision(pdf, (int)end))
                    problem = $"The ByteRange ends at {end}, which is not the end of a revision (%%EOF).";
                else
                {
                    var range = new SignedRange((int)values[1], (int)values[2], (int)end);
                    result.RevisionEnd = range.End;
                    result.CoversWholeDocument = range.End == pdf.Length;
                    result.Findings.Pass(VerificationCheck.ByteRange, result.CoversWholeDocument
                        ? "The ByteRange covers the whole file except this signature's /Contents."
                        : $"The ByteRange covers the revision ending at byte {range.End} except this signature's /Contents.");
                    return range;
                }
            }
        }
        result.Findings.Fail(VerificationCheck.ByteRange, Indication.TotalFailed, SubIndication.FormatFailure, problem);
        return null;
    }

    private static byte[]? ReadContents(PdfDictionary field, PdfDictionary dictionary, FieldVerification result)
    {
        var expected = result.Kind == SignatureKind.Signature ? "ETSI.CAdES.detached" : "ETSI.RFC3161";
        var subFilter = dictionary.NameOf("SubFilter");
        if (subFilter != expected)
        {
            result.Findings.Fail(VerificationCheck.Contents, Indication.TotalFailed, SubIndication.FormatFailure,
                $"SubFilter '{subFilter}' is not {expected}, which PAdES baseline requires.");
            return null;
        }
        try
        {
            return PdfSignatureInfo.From(field, dictionary).SignatureDer;
        }
        catch (PdfFormatException e)
        {
            result.Findings.Fail(VerificationCheck.Contents, Indication.TotalFailed, SubIndication.FormatFailure, e.Message);
            return null;
        }
    }

    private static void CheckModifications(DocumentContext context, SignedRange range, Findings findings)
    {
        if (range.End == context.Pdf.Length)
        {
            findings.Pass(VerificationCheck.Modifications, "Nothing was added after this signature.");
            return;
        }
        var problems = UpdateInspector.Disallowed(context.Revision(range.End), context.File);
        if (problems.Count == 0)
            findings.Pass(VerificationCheck.Modifications, "Only validation data, signatures and document timestamps were added after this signature.");
        else
            findings.Fail(VerificationCheck.Modifications, Indication.TotalFailed, SubIndication.FormatFailure,
                "The document was changed after this signature: " + string.Join(" ", problems.Take(5)));
    }

    private void VerifyCades(DocumentContext context, byte[] der, SignedRange range, FieldVerification result)
    {
        var findings = result.Findings;
        ContentInfo contentInfo;
        SignerInformation signer;
        List<BcCertificate> certificates;
        try
        {
            contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(der));
            var cms = new CmsSignedData(contentInfo);
            var signers = cms.GetSignerInfos().GetSigners();
            if (signers.Count != 1 || cms.SignedContent is not null)
            {
                findings.Fail(VerificationCheck.Contents, Indication.TotalFailed, SubIndication.FormatFailure,
                    "The CMS must be detached and have exactly one signer.");
                return;
            }
            signer = signers[0];
            certificates = cms.GetCertificates().EnumerateMatches(null).ToList();
        }
        catch (Exception e) when (IsInputError(e))
        {
            findings.Fail(VerificationCheck.Contents, Indication.TotalFailed, SubIndication.FormatFailure, "/Contents is not a CMS SignedData: " + e.Message);
            return;
        }
        findings.Pass(VerificationCheck.Contents, "A detached CAdES signature with one signer.");

        var certificate = certificates.FirstOrDefault(signer.SignerID.Match);
        if (certificate is null)
        {
            findings.Fail(VerificationCheck.SigningCertificate, Indication.Indeterminate, SubIndication.NoSigningCertificateFound,
                "The CMS does not carry the signer's certificate.");
            return;
        }
        result.Signer = CertificateValidator.CommonName(certificate);
        if (!CheckSigningCertificateV2(signer, certificate, findings))
            return;
        if (!CheckMessageDigestAndValue(context, contentInfo, signer, certificate, range, findings))
            return;

        var proven = false;
        var time = _clock.GetUtcNow().UtcDateTime;
        if (signer.UnsignedAttributes?[PkcsObjectIdentifiers.IdAASignatureTimeStampToken] is { } stamp)
        {
            var token = VerifyTimeStamp(context, stamp.AttrValues[0].ToAsn1Object().GetEncoded(Asn1Encodable.Der),
                algorithm => HashWith(algorithm, signer.GetSignature()), VerificationCheck.SignatureTimeStamp, findings, out _);
            if (token is null)
                return;
            time = token.TimeStampInfo.GenTime;
            result.TimestampedAt = new DateTimeOffset(time, TimeSpan.Zero);
            proven = true;
        }
        var pool = certificates.Concat(context.Dss.Certificates).ToList();
        var chain = _validator.Validate(certificate, pool, context.Dss.Crls, time, proven, CertificatePurpose.DocumentSigner, findings);
        result.ChainTrusted = chain.Trusted;
        result.Revoked = chain.Revoked;
        result.RevocationFromDss = chain.RevocationFromDss && chain.Trusted && !chain.Revoked;
        result.SignedAt ??= result.TimestampedAt;
    }

    /// <summary>ESS signing-certificate-v2 (RFC 5035) must name the certificate that verifies the signature.</summary>
    private static bool CheckSigningCertificateV2(SignerInformation signer, BcCertificate certificate, Findings findings)
    {
        if (signer.SignedAttributes?[PkcsObjectIdentifiers.IdAASigningCertificateV2] is not { } attribute)
        {
            findings.Fail(VerificationCheck.SigningCertificate, Indication.Indeterminate, SubIndication.SigConstraintsFailure,
                "The signing-certificate-v2 attribute PAdES requires is missing.");
            return false;
        }
        var id = SigningCertificateV2.GetInstance(attribute.AttrValues[0]).GetCerts().FirstOrDefault();
        var algorithm = id?.HashAlgorithm?.Algorithm ?? NistObjectIdentifiers.IdSha256;
        var hash = id is null ? null : HashWith(algorithm, certificate.GetEncoded());
        var serialMatches = id?.IssuerSerial is not { } issuerSerial || issuerSerial.Serial.Value.Equals(certificate.SerialNumber);
        if (hash is null || !hash.AsSpan().SequenceEqual(id!.GetCertHash()) || !serialMatches)
        {
            findings.Fail(VerificationCheck.SigningCertificate, Indication.Indeterminate, SubIndication.NoSigningCertificateFound,
                "signing-certificate-v2 does not name the certificate the CMS identifies as the signer's.");
            return false;
        }
        findings.Pass(VerificationCheck.SigningCertificate, "signing-certificate-v2 binds the signer's certificate.");
        return true;
    }

    private bool CheckMessageDigestAndValue(DocumentContext context, ContentInfo contentInfo, SignerInformation signer,
        BcCertificate certificate, SignedRange range, Findings findings)
    {
        var digest = context.HashRange(signer.DigestAlgorithmID.Algorithm, range);
        if (digest is null)
        {
            findings.Fail(VerificationCheck.MessageDigest, Indication.Indeterminate, SubIndication.CryptoConstraintsFailure,
                $"Digest algorithm {signer.DigestAlgorithmID.Algorithm.Id} is not accepted (SHA-256, SHA-384 or SHA-512).");
            return false;
        }
        var attributes = signer.SignedAttributes;
        if (attributes?[CmsAttributes.MessageDigest] is not { } messageDigest
            || attributes[CmsAttributes.ContentType] is not { } contentType
            || !DerObjectIdentifier.GetInstance(contentType.AttrValues[0]).Equals(CmsObjectIdentifiers.Data))
        {
            findings.Fail(VerificationCheck.MessageDigest, Indication.Indeterminate, SubIndication.SigConstraintsFailure,
                "The signed attributes lack message-digest or content-type id-data.");
            return false;
        }
        if (!CryptographicOperations.FixedTimeEquals(Asn1OctetString.GetInstance(messageDigest.AttrValues[0]).GetOctets(), digest))
        {
            findings.Fail(VerificationCheck.MessageDigest, Indication.TotalFailed, SubIndication.HashFailure,
                "The signed message digest does not match the bytes the ByteRange covers: the document was altered.");
            return false;
        }
        findings.Pass(VerificationCheck.MessageDigest, "The signed message digest matches the bytes the ByteRange covers.");

        // Handing BouncyCastle the digest already computed spares hashing the file a second time.
        var eContentType = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(contentInfo.Content).EncapContentInfo.ContentType;
        if (!NativeSignerVerification.Verifies(signer, certificate, eContentType, digest)
            && !Verifies(() => new CmsSignedData(new Dictionary<string, byte[]> { [signer.DigestAlgorithmID.Algorithm.Id] = digest }, contentInfo)
                .GetSignerInfos().GetSigners()[0].Verify(_validator.PublicKey(certificate))))
        {
            findings.Fail(VerificationCheck.SignatureValue, Indication.TotalFailed, SubIndication.SigCryptoFailure,
                "The signature value does not verify with the signer's public key.");
            return false;
        }
        findings.Pass(VerificationCheck.SignatureValue, "The signature value verifies with the signer's public key.");
        return true;
    }

    private void VerifyDocumentTimeStamp(DocumentContext context, byte[] der, SignedRange range, FieldVerification result)
    {
        var token = VerifyTimeStamp(context, der, algorithm => context.HashRange(algorithm, range),
            VerificationCheck.DocumentTimeStamp, result.Findings, out var chain);
        if (token is null)
            return;
        result.TimestampedAt = new DateTimeOffset(token.TimeStampInfo.GenTime, TimeSpan.Zero);
        result.SignedAt = result.TimestampedAt;
        result.ChainTrusted = chain?.Trusted ?? false;
        result.Revoked = chain?.Revoked ?? false;
    }

    /// <summary>
    /// Checks an RFC 3161 token: its imprint over <paramref name="imprintOf"/>'s bytes, the TSA
    /// certificate (timeStamping usage, signing-certificate binding, signature) and its chain at the
    /// token's time. Returns the token when it can serve as proof of that time.
    /// </summary>
    private TimeStampToken? VerifyTimeStamp(DocumentContext context, byte[] der, Func<DerObjectIdentifier, byte[]?> imprintOf,
        VerificationCheck check, Findings findings, out ChainResult? chain)
    {
        chain = null;
        TimeStampToken token;
        SignerInformation signer;
        CmsSignedData cms;
        try
        {
            cms = new CmsSignedData(der);
            token = new TimeStampToken(cms);
            signer = cms.GetSignerInfos().GetSigners().Single();
        }
        catch (Exception e) when (IsInputError(e))
        {
            findings.Fail(check, Indication.TotalFailed, SubIndication.FormatFailure, "Not an RFC 3161 timestamp token: " + e.Message);
            return null;
        }
        var info = token.TimeStampInfo;
        var expected = imprintOf(new DerObjectIdentifier(info.MessageImprintAlgOid));
        if (expected is null)
        {
            findings.Fail(check, Indication.Indeterminate, SubIndication.CryptoConstraintsFailure,
                $"Timestamp imprint algorithm {info.MessageImprintAlgOid} is not accepted.");
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(expected, info.GetMessageImprintDigest()))
        {
            findings.Fail(check, Indication.TotalFailed, SubIndication.HashFailure,
                check == VerificationCheck.SignatureTimeStamp
                    ? "The signature timestamp does not imprint this signature's value."
                    : "The document timestamp's imprint does not match the bytes its ByteRange covers: the document was altered.");
            return null;
        }
        var tsa = token.GetCertificates().EnumerateMatches(token.SignerID).FirstOrDefault()
            ?? context.Dss.Certificates.FirstOrDefault(token.SignerID.Match);
        if (tsa is null)
        {
            findings.Fail(check, Indication.Indeterminate, SubIndication.NoSigningCertificateFound, "The TSA certificate is not in the token or the DSS.");
            return null;
        }
        try
        {
            TspUtil.ValidateCertificate(tsa);
        }
        catch (TspValidationException e)
        {
            findings.Fail(check, Indication.Indeterminate, SubIndication.ChainConstraintsFailure, $"'{CertificateValidator.CommonName(tsa)}' is no TSA: {e.Message}");
            return null;
        }
        var tsaFindings = new Findings();
        chain = _validator.Validate(tsa, token.GetCertificates().EnumerateMatches(null).Concat(context.Dss.Certificates).ToList(),
            context.Dss.Crls, info.GenTime, timeIsProven: false, CertificatePurpose.TimeStamping, tsaFindings);
        if (tsaFindings.Verdict is { } failure)
        {
            findings.Fail(check, failure.Indication, failure.SubIndication, "The TSA certificate: " + failure.Reason);
            return null;
        }
        if (!BindsSigningCertificate(signer, tsa))
        {
            findings.Fail(check, Indication.Indeterminate, SubIndication.NoSigningCertificateFound,
                "The timestamp's signing-certificate attribute does not name its TSA certificate.");
            return null;
        }
        // TimeStampToken.Validate would do the same but rebuild the TSA's public key on every call.
        if (!VerifiesNatively(cms, signer, tsa) && !Verifies(() => signer.Verify(_validator.PublicKey(tsa))))
        {
            findings.Fail(check, Indication.TotalFailed, SubIndication.SigCryptoFailure, "The timestamp's signature does not verify with the TSA's key.");
            return null;
        }
        findings.Pass(check, $"Timestamped at {info.GenTime:u} by '{CertificateValidator.CommonName(tsa)}' (trusted).");
        return token;
    }

    /// <summary>The token's signature by the native fast path, over its encapsulated TSTInfo.</summary>
    private static bool VerifiesNatively(CmsSignedData cms, SignerInformation signer, BcCertificate tsa)
    {
        var encapsulated = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(cms.ContentInfo.Content).EncapContentInfo;
        return encapsulated.Content is Asn1OctetString content
            && HashWith(signer.DigestAlgorithmID.Algorithm, content.GetOctets()) is { } digest
            && NativeSignerVerification.Verifies(signer, tsa, encapsulated.ContentType, digest);
    }

    /// <summary>RFC 3161 §2.4.1: the token names its TSA certificate in signing-certificate (SHA-1) or -v2.</summary>
    private static bool BindsSigningCertificate(SignerInformation signer, BcCertificate tsa)
    {
        var attributes = signer.SignedAttributes;
        if (attributes?[PkcsObjectIdentifiers.IdAASigningCertificateV2] is { } v2)
        {
            var id = SigningCertificateV2.GetInstance(v2.AttrValues[0]).GetCerts().FirstOrDefault();
            var algorithm = id?.HashAlgorithm?.Algorithm ?? NistObjectIdentifiers.IdSha256;
            return id is not null && HashWith(algorithm, tsa.GetEncoded()) is { } hash && hash.AsSpan().SequenceEqual(id.GetCertHash());
        }
        if (attributes?[PkcsObjectIdentifiers.IdAASigningCertificate] is { } v1)
        {
            var id = SigningCertificate.GetInstance(v1.AttrValues[0]).GetCerts().FirstOrDefault();
            return id is not null && SHA1.HashData(tsa.GetEncoded()).AsSpan().SequenceEqual(id.GetCertHash());
        }
        return false;
    }

    private static bool Verifies(Func<bool> verify)
    {
        try
        {
            return verify();
        }
        catch (Exception e) when (IsInputError(e))
        {
            return false;
        }
    }

    /// <summary>The hash of <paramref name="data"/>, or null for an algorithm other than SHA-256, SHA-384 or SHA-512.</summary>
    internal static byte[]? HashWith(DerObjectIdentifier algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> more = default)
    {
        HashAlgorithmName? name = algorithm.Id switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (name is not { } accepted)
            return null;
        using var hash = IncrementalHash.CreateHash(accepted);
        hash.AppendData(data);
        hash.AppendData(more);
        return hash.GetHashAndReset();
    }

    private static bool EndsRevision(byte[] pdf, int end)
    {
        var tail = pdf.AsSpan(0, end).TrimEnd("\r\n \t\0"u8);
        return tail.EndsWith("%%EOF"u8);
    }

    private static bool IsInputError(Exception e) => e is not (OperationCanceledException or OutOfMemoryException or StackOverflowException);
}
