namespace JudicialRecords.Documents.Verification;

/// <summary>What verifying one signature field found, gathered step by step before the report is made.</summary>
internal sealed class FieldVerification(string fieldName)
{
    public string FieldName { get; } = fieldName;
    public SignatureKind Kind { get; set; }
    public string? Signer { get; set; }
    public DateTimeOffset? SignedAt { get; set; }
    public DateTimeOffset? TimestampedAt { get; set; }
    public int RevisionEnd { get; set; }
    public bool CoversWholeDocument { get; set; }
    public bool ChainTrusted { get; set; }
    public bool Revoked { get; set; }

    /// <summary>The signer's revocation status came from the document's DSS: the condition for B-LT.</summary>
    public bool RevocationFromDss { get; set; }

    public Findings Findings { get; } = new();

    public SignatureReport ToReport(SignatureLevel? level) => new(
        FieldName, Kind, Signer, SignedAt, TimestampedAt, level, CoversWholeDocument, ChainTrusted, Revoked,
        Findings.Indication, Findings.SubIndication, Findings.Checks);
}
