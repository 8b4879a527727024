namespace JudicialRecords.Documents.Rendering;

/// <summary>Which of the two certificate forms (Law 28/2009 Art. 41) is printed.</summary>
public enum CertificateForm
{
    One = 1,
    Two = 2,
}

/// <summary>
/// Everything printed on a certificate, already worded in Vietnamese by the domain's content rules.
/// The renderer owns only the fixed text of the official form (national name, motto, title, section
/// headings); every other word comes from here, so wording rules never leak into layout code.
/// </summary>
/// <param name="IssuingAuthority">Top-left lines, superior body first, issuing body last
/// (e.g. "BỘ CÔNG AN", "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI").</param>
/// <param name="Number">The printed number line, e.g. "Số: 000123/2026/LLTP".</param>
/// <param name="Person">Identity rows in print order; Form 2 adds father, mother and spouse rows.</param>
/// <param name="BankruptcyBan">Optional on Form 1 (only when requested), required on Form 2.</param>
/// <param name="PlaceAndDate">E.g. "Đồng Nai, ngày 26 tháng 11 năm 2026".</param>
/// <param name="VerificationUrl">Public status URL carried by the QR code and printed under it.</param>
public sealed record CertificateDocument(
    IReadOnlyList<string> IssuingAuthority,
    string Number,
    CertificateForm Form,
    IReadOnlyList<LabeledValue> Person,
    ConvictionsBlock Convictions,
    BankruptcyBanBlock? BankruptcyBan,
    string PlaceAndDate,
    CertificateSigner Signer,
    string VerificationUrl)
{
    /// <summary>
    /// The registry's certificate number (what <c>GET /api/v1/certificates/{number}</c> takes). Written to
    /// the PDF's document information as /CertificateNumber so a verifier can ask the registry its status.
    /// </summary>
    public string? RegistryNumber { get; init; }

    /// <summary>Who asked, printed under the title before the person (e.g. "Cơ quan yêu cầu", the agency's letter); empty when the person asked.</summary>
    public IReadOnlyList<LabeledValue> Requester { get; init; } = [];
}

/// <summary>One printed "Label: value" row.</summary>
public sealed record LabeledValue(string Label, string Value);

/// <summary>
/// The "Tình trạng án tích:" block: a statement ("Không có án tích", "Có án tích", the foreigner
/// wording …) followed by zero or more conviction entries.
/// </summary>
public sealed record ConvictionsBlock(string Statement, IReadOnlyList<ConvictionEntry> Entries)
{
    public static ConvictionsBlock None(string statement) => new(statement, []);
}

/// <summary>One conviction (judgment) with its detail rows; the heading is optional.</summary>
public sealed record ConvictionEntry(string? Heading, IReadOnlyList<LabeledValue> Rows);

/// <summary>
/// The block on bans from holding posts in, founding or managing enterprises and cooperatives:
/// a statement (e.g. "Không bị cấm") and optional detail rows (post, court decision, duration).
/// </summary>
public sealed record BankruptcyBanBlock(string Statement, IReadOnlyList<LabeledValue> Rows);

/// <summary>
/// The signer. <paramref name="TitleLines"/> allows delegation wording on its own line
/// (e.g. "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG").
/// </summary>
public sealed record CertificateSigner(IReadOnlyList<string> TitleLines, string Name);
