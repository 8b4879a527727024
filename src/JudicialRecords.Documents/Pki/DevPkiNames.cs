namespace JudicialRecords.Documents.Pki;

/// <summary>An agency that pushes data to the service over mutual TLS.</summary>
/// <param name="Code">The agency code; it becomes the client certificate's subject CN.</param>
/// <param name="Name">The agency's full name; it becomes the subject O.</param>
public sealed record DevAgency(string Code, string Name);

/// <summary>
/// The names printed into the development certificates. Production names come with production
/// certificates; these only need to look plausible on a development PDF.
/// </summary>
public sealed record DevPkiNames
{
    public string RootCa { get; init; } = "JudicialRecords Development Root CA";
    public string IssuingCa { get; init; } = "JudicialRecords Development Issuing CA";
    public string PkiOrganisation { get; init; } = "JudicialRecords Development PKI (NOT FOR PRODUCTION)";

    /// <summary>The issuing authority holding the seal certificate (the records department).</summary>
    public string Authority { get; init; } = "Công an tỉnh Đồng Nai";
    public string SealName { get; init; } = "Phòng Hồ sơ nghiệp vụ - Công an tỉnh Đồng Nai (PV06)";
    public string OfficerName { get; init; } = "Nguyễn Văn An";
    public string OfficerTitle { get; init; } = "Trưởng phòng Hồ sơ nghiệp vụ";
    public string TsaName { get; init; } = "JudicialRecords Development Time-Stamping Authority";
    public string Locality { get; init; } = "Đồng Nai";

    public IReadOnlyList<DevAgency> Agencies { get; init; } =
    [
        new("TAND-DNA", "Tòa án nhân dân tỉnh Đồng Nai"),
        new("CA-DNA", "Công an tỉnh Đồng Nai"),
        new("THADS-DNA", "Thi hành án dân sự tỉnh Đồng Nai"),
    ];
}
