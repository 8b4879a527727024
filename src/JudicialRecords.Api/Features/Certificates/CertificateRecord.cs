namespace JudicialRecords.Api.Features.Certificates;

public enum CertificateStatus
{
    Valid,
    Revoked,
}

/// <summary>
/// The registry entry of an issued certificate: what anyone may check about it, never its content.
/// The document's identity is <see cref="Number"/>; <see cref="ApplicationId"/> is unique, which makes
/// issuance idempotent per application.
/// </summary>
public sealed class CertificateRecord
{
    /// <summary>"LLTP-{authority code}-{year}-{sequence}", e.g. LLTP-CADNA-2026-000123; unique per authority and year.</summary>
    public string Number { get; set; } = "";

    /// <summary>1 or 2.</summary>
    public int FormType { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The issue date in Vietnam (UTC+7): the date the content was read as of and the year of the number.</summary>
    public DateOnly IssuedOn { get; set; }

    /// <summary>The issuing authority's name.</summary>
    public string Issuer { get; set; } = "";

    public string AuthorityCode { get; set; } = "";

    public Guid? ApplicationId { get; set; }

    public string PersonalId { get; set; } = "";

    /// <summary>The version of the person's record stream the content was built from; 0 when there was no record.</summary>
    public long RecordVersion { get; set; }

    /// <summary>Lower-case hex SHA-256 of the final signed PDF.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The signed PDF's length in bytes (null for certificates issued before it was kept): a verifier compares this prefix of an upload.</summary>
    public long? Length { get; set; }

    public CertificateStatus Status { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>Marten's numeric revision: the ETag of state changes.</summary>
    public long Version { get; set; }
}
