using System.Text.Json.Serialization;

namespace JudicialRecords.Documents.Verification;

/// <summary>The main status of a validation (ETSI EN 319 102-1 §5.1.3).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Indication>))]
public enum Indication
{
    [JsonStringEnumMemberName("TOTAL_PASSED")] TotalPassed,
    [JsonStringEnumMemberName("TOTAL_FAILED")] TotalFailed,
    [JsonStringEnumMemberName("INDETERMINATE")] Indeterminate,
}

/// <summary>
/// Why a validation did not pass, in the names of ETSI EN 319 102-1 §5.1.3 (only those this verifier
/// can reach). PDF-level defects (a ByteRange that does not frame its /Contents, an incremental update
/// after signing that is not a DSS, signature or document timestamp) are FORMAT_FAILURE, as in the EU
/// DSS reference implementation, whose format-checking block holds the same checks; the failing
/// <see cref="CheckResult"/> names which.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubIndication>))]
public enum SubIndication
{
    /// <summary>TOTAL_FAILED: not a PDF, unreadable structure, bad ByteRange or /Contents, disallowed changes after signing.</summary>
    [JsonStringEnumMemberName("FORMAT_FAILURE")] FormatFailure,

    /// <summary>TOTAL_FAILED: the signed bytes do not hash to the signed message digest (or timestamp imprint).</summary>
    [JsonStringEnumMemberName("HASH_FAILURE")] HashFailure,

    /// <summary>TOTAL_FAILED: the signature value does not verify with the signer's public key.</summary>
    [JsonStringEnumMemberName("SIG_CRYPTO_FAILURE")] SigCryptoFailure,

    /// <summary>TOTAL_FAILED: the signer was revoked before the signature's proven time, or the registry revoked the certificate number.</summary>
    [JsonStringEnumMemberName("REVOKED")] Revoked,

    /// <summary>TOTAL_FAILED: a timestamp proves the signature was made after the signer's certificate expired.</summary>
    [JsonStringEnumMemberName("EXPIRED")] Expired,

    /// <summary>TOTAL_FAILED: a timestamp proves the signature was made before the signer's certificate was valid.</summary>
    [JsonStringEnumMemberName("NOT_YET_VALID")] NotYetValid,

    /// <summary>INDETERMINATE: the signer's certificate is not in the CMS or does not match signing-certificate-v2.</summary>
    [JsonStringEnumMemberName("NO_SIGNING_CERTIFICATE_FOUND")] NoSigningCertificateFound,

    /// <summary>INDETERMINATE: no chain from the signer to a configured trust anchor.</summary>
    [JsonStringEnumMemberName("NO_CERTIFICATE_CHAIN_FOUND")] NoCertificateChainFound,

    /// <summary>INDETERMINATE: a CA certificate lacks the CA constraints, or a signer lacks the key usage it needs.</summary>
    [JsonStringEnumMemberName("CHAIN_CONSTRAINTS_FAILURE")] ChainConstraintsFailure,

    /// <summary>INDETERMINATE: a signed attribute PAdES requires is missing or wrong.</summary>
    [JsonStringEnumMemberName("SIG_CONSTRAINTS_FAILURE")] SigConstraintsFailure,

    /// <summary>INDETERMINATE: a digest or signature algorithm this verifier does not accept.</summary>
    [JsonStringEnumMemberName("CRYPTO_CONSTRAINTS_FAILURE")] CryptoConstraintsFailure,

    /// <summary>INDETERMINATE: a certificate is outside its validity at the validation time and nothing proves an earlier time.</summary>
    [JsonStringEnumMemberName("OUT_OF_BOUNDS_NO_POE")] OutOfBoundsNoPoe,

    /// <summary>INDETERMINATE: the signer is revoked and nothing (no timestamp) proves the signature came first.</summary>
    [JsonStringEnumMemberName("REVOKED_NO_POE")] RevokedNoPoe,

    /// <summary>INDETERMINATE: an intermediate CA was revoked before the signature's proven time.</summary>
    [JsonStringEnumMemberName("REVOKED_CA_NO_POE")] RevokedCaNoPoe,

    /// <summary>INDETERMINATE: no usable revocation data (CRL) for a certificate in the chain.</summary>
    [JsonStringEnumMemberName("TRY_LATER")] TryLater,
}

/// <summary>The PAdES baseline level a signature reaches (ETSI EN 319 142-1 §6).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignatureLevel>))]
public enum SignatureLevel
{
    [JsonStringEnumMemberName("B-B")] BB,
    [JsonStringEnumMemberName("B-T")] BT,
    [JsonStringEnumMemberName("B-LT")] BLT,
    [JsonStringEnumMemberName("B-LTA")] BLTA,
}

/// <summary>A signature field holds either a CAdES signature or an RFC 3161 document timestamp.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignatureKind>))]
public enum SignatureKind
{
    [JsonStringEnumMemberName("signature")] Signature,
    [JsonStringEnumMemberName("documentTimeStamp")] DocumentTimeStamp,
}

/// <summary>The registry's status of a certificate number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CertificateStatus>))]
public enum CertificateStatus
{
    [JsonStringEnumMemberName("valid")] Valid,
    [JsonStringEnumMemberName("revoked")] Revoked,
    /// <summary>No number in the file, no registry to ask (offline), or a number the registry does not know.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>What was checked; the names are stable so clients and tests can tell failures apart.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerificationCheck>))]
public enum VerificationCheck
{
    /// <summary>The file parses as a PDF with classic cross-reference tables and holds signatures.</summary>
    [JsonStringEnumMemberName("structure")] Structure,
    /// <summary>/ByteRange is four integers starting at 0, its gap is exactly this dictionary's /Contents string, and it ends at a revision end.</summary>
    [JsonStringEnumMemberName("byteRange")] ByteRange,
    /// <summary>/Contents is a hex string holding one DER CMS (or timestamp token) and the SubFilter is a PAdES one.</summary>
    [JsonStringEnumMemberName("contents")] Contents,
    /// <summary>Later incremental updates only add DSS data, signatures and document timestamps.</summary>
    [JsonStringEnumMemberName("modifications")] Modifications,
    /// <summary>The message-digest attribute (or document timestamp imprint) equals the hash of the ByteRange bytes.</summary>
    [JsonStringEnumMemberName("messageDigest")] MessageDigest,
    /// <summary>The signature value verifies with the signer's public key.</summary>
    [JsonStringEnumMemberName("signatureValue")] SignatureValue,
    /// <summary>signing-certificate-v2 names the certificate that verifies the signature (hash match).</summary>
    [JsonStringEnumMemberName("signingCertificate")] SigningCertificate,
    /// <summary>The chain from the signer to a configured trust anchor, with CA constraints and key usage.</summary>
    [JsonStringEnumMemberName("certificateChain")] CertificateChain,
    /// <summary>Every certificate is within its validity at the signature's proven time.</summary>
    [JsonStringEnumMemberName("validity")] Validity,
    /// <summary>No certificate in the chain is revoked at the signature's proven time (CRLs from the DSS or configuration).</summary>
    [JsonStringEnumMemberName("revocation")] Revocation,
    /// <summary>The signature timestamp imprints the signature value, verifies, and its TSA chains to an anchor.</summary>
    [JsonStringEnumMemberName("signatureTimeStamp")] SignatureTimeStamp,
    /// <summary>The document timestamp verifies and its TSA chains to an anchor.</summary>
    [JsonStringEnumMemberName("documentTimeStamp")] DocumentTimeStamp,
    /// <summary>The registry's status of the certificate number in the document information.</summary>
    [JsonStringEnumMemberName("registry")] Registry,
}

/// <summary>One check and its outcome; <see cref="Detail"/> is for people, <see cref="Check"/> for programs.</summary>
public sealed record CheckResult(VerificationCheck Check, bool Passed, string Detail);

/// <summary>The certificate number found in the PDF and the registry's word on it.</summary>
public sealed record CertificateReport(string? Number, CertificateStatus Status);

/// <summary>One signature field: a CAdES signature or a document timestamp.</summary>
/// <param name="Signer">The subject CN of the signer (the TSA for a document timestamp).</param>
/// <param name="SignedAt">The claimed signing time (/M), else the timestamp's time.</param>
/// <param name="TimestampedAt">The signature timestamp's (or document timestamp's) time: the proven time.</param>
/// <param name="Level">The PAdES level reached; null for a document timestamp, which has none of its own.</param>
/// <param name="CoversWholeDocument">Its ByteRange reaches the end of the file, so nothing was appended after it.</param>
/// <param name="Revoked">A certificate of the chain was revoked at or before the proven time.</param>
public sealed record SignatureReport(
    string FieldName,
    SignatureKind Kind,
    string? Signer,
    DateTimeOffset? SignedAt,
    DateTimeOffset? TimestampedAt,
    SignatureLevel? Level,
    bool CoversWholeDocument,
    bool ChainTrusted,
    bool Revoked,
    Indication Indication,
    SubIndication? SubIndication,
    IReadOnlyList<CheckResult> Checks);

/// <summary>
/// The validation report, shaped as api.md's <c>POST /api/v1/verification</c> answer. The overall
/// indication is TOTAL_FAILED if any signature or document-level check failed outright, else
/// INDETERMINATE if any is indeterminate, else TOTAL_PASSED; the sub-indication is that of the first
/// such failure, and <see cref="Reason"/> says in words what it was.
/// </summary>
public sealed record VerificationReport(
    Indication Indication,
    SubIndication? SubIndication,
    string? Reason,
    IReadOnlyList<SignatureReport> Signatures,
    CertificateReport Certificate,
    IReadOnlyList<CheckResult> Checks);
