using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Certificates;

/// <summary>One printed "Label: value" row.</summary>
public sealed record CertificateRow(string Label, string Value);

/// <summary>The convictions block: a statement, then one entry per judgment printed.</summary>
public sealed record ConvictionSection(string Statement, IReadOnlyList<ConvictionItem> Entries);

/// <summary>One judgment with its rows; the heading names the judgment.</summary>
public sealed record ConvictionItem(string Heading, IReadOnlyList<CertificateRow> Rows);

/// <summary>The bankruptcy-ban block: a statement and, for each ban in force, its rows.</summary>
public sealed record BankruptcyBanSection(string Statement, IReadOnlyList<CertificateRow> Rows);

/// <summary>
/// Everything a certificate says, worded in Vietnamese, before it has a number (domain reference §4;
/// Law 28/2009 Art. 42–43; Circular 13/2011 Art. 14 as replaced by Circular 06/2024).
/// </summary>
/// <param name="RecordVersion">The version of the person's record stream the content was read from; 0 when there is no record.</param>
public sealed record CertificateContent(
    CertificateForm Form,
    IssuingAuthority Authority,
    DateOnly IssuedOn,
    string PersonalId,
    long RecordVersion,
    IReadOnlyList<CertificateRow> Person,
    ConvictionSection Convictions,
    BankruptcyBanSection? BankruptcyBan,
    string PlaceAndDate)
{
    public const string NoConviction = "Không có án tích";
    public const string HasConviction = "Có án tích";
    public const string ForeignerNoConviction = "Không có án tích trong thời gian cư trú tại Việt Nam";

    /// <summary>Form 2 of someone whose every conviction is expunged: the judgments are still listed.</summary>
    public const string AllExpunged = "Đã được xóa án tích";

    // The form's heading already names the ban (holding posts in, founding or managing enterprises and
    // cooperatives); the statement answers it.
    public const string NotBanned = "Không bị cấm";
    public const string Banned = "Bị cấm";

    public const string RequestingAgencyLabel = "Cơ quan yêu cầu";
    public const string RequestingBodyLabel = "Cơ quan, tổ chức yêu cầu";
    public const string RequestLetterLabel = "Văn bản yêu cầu";

    /// <summary>Who asked, printed above the person: an agency or state body and its letter; empty when the person (or an agent) asked.</summary>
    public IReadOnlyList<CertificateRow> Requester { get; init; } = [];

    /// <summary>
    /// Whether a conviction of this expungement status is printed: Form 1 only unexpunged ones, Form 2 every one that
    /// counts as a record, expunged ones with their date (domain reference §4).
    /// </summary>
    public static bool Prints(CertificateForm form, ExpungementStatus status) =>
        form == CertificateForm.Two ? status != ExpungementStatus.NoRecord : status == ExpungementStatus.Active;

    /// <summary>
    /// What the certificate prints from <paramref name="record"/> as it stands on <paramref name="asOf"/>.
    /// </summary>
    /// <param name="record">The person's record; null when they have none.</param>
    /// <param name="agencies">The names of the courts and agencies behind the codes in the record; none: codes are printed.</param>
    public static CertificateContent Build(
        CriminalRecord? record, CertificateRequest request, IssuingAuthority authority, DateOnly asOf, AgencyNames? agencies = null)
    {
        agencies ??= AgencyNames.None;
        // The record's identity, as the courts wrote it; what it lacks (a parent's name the judgment left out, say) comes
        // from the request, so Form 2 prints "//" only for what neither knows. The residence is where the person lives
        // now, which the request states: a judgment's is where they lived when they were tried.
        var person = record?.Person is { } held
            ? held.Over(request.Person, nationalityStated: true) with { Residence = request.Person.Residence ?? held.Residence }
            : request.Person;
        var form2 = request.Form == CertificateForm.Two;
        var shown = (record?.Convictions ?? [])
            .Select(c => (Conviction: c, Status: record!.ExpungementAsOf(c, asOf)))
            .Where(x => Prints(request.Form, x.Status.Status))
            .OrderBy(x => x.Conviction.JudgmentDate)
            .ThenBy(x => x.Conviction.EffectiveDate)
            .ToList();

        var statement = shown switch
        {
            [] => Nationality.IsVietnamese(person.Nationality) ? NoConviction : ForeignerNoConviction,
            _ when shown.Any(x => x.Status.Status == ExpungementStatus.Active) => HasConviction,
            _ => AllExpunged,
        };
        var entries = shown
            .Select(x => form2 ? Form2Entry(x.Conviction, x.Status, asOf, agencies) : Form1Entry(x.Conviction, asOf, agencies))
            .ToList();

        var banSection = form2 || request.IncludeBankruptcyBan
            ? BanSection(record?.BankruptcyBans ?? [], asOf, agencies)
            : null;

        return new CertificateContent(
            request.Form,
            authority,
            asOf,
            person.PersonalId,
            record?.Version ?? 0,
            PersonRows(person, form2),
            new ConvictionSection(statement, entries),
            banSection,
            Wording.PlaceAndDate(authority.Place, asOf))
        {
            Requester = request switch
            {
                { RequestedBy: { } agency } => RequesterRows(RequestingAgencyLabel, Wording.RequestingAgency(agency), agency.DocumentNumber, agency.DocumentDate),
                { RequestedByBody: { } body } => RequesterRows(RequestingBodyLabel, body.Name.Trim(), body.DocumentNumber, body.DocumentDate),
                _ => [],
            },
        };
    }

    private static IReadOnlyList<CertificateRow> RequesterRows(string label, string name, string? documentNumber, DateOnly? documentDate)
    {
        var rows = new List<CertificateRow> { new(label, name) };
        if (!string.IsNullOrWhiteSpace(documentNumber))
        {
            var date = documentDate is { } on ? $" ngày {Wording.Date(on)}" : "";
            rows.Add(new CertificateRow(RequestLetterLabel, $"Số {documentNumber.Trim()}{date}"));
        }

        return rows;
    }

    private static IReadOnlyList<CertificateRow> PersonRows(PersonDetails p, bool form2)
    {
        var vietnamese = Nationality.IsVietnamese(p.Nationality);
        var idLabel = vietnamese ? "Số định danh cá nhân" : "Số hộ chiếu";
        var rows = new List<(string Label, string? Value, bool Form2Only)>
        {
            ("Họ và tên", p.FullName, false),
            ("Tên gọi khác", p.OtherNames.Count == 0 ? null : string.Join(", ", p.OtherNames), true),
            ("Giới tính", Wording.Sex(p.Sex), false),
            ("Ngày, tháng, năm sinh", Wording.Date(p.DateOfBirth), false),
            ("Nơi sinh", p.PlaceOfBirth, false),
            // However it was written ("VN", "Viet Nam"), printed in Vietnamese with its diacritics.
            ("Quốc tịch", vietnamese ? Nationality.VietNam : p.Nationality, false),
            ("Dân tộc", p.Ethnicity, false),
            ("Nơi cư trú", p.Residence, false),
            (idLabel, p.PersonalId, false),
            ("Họ và tên cha", p.FatherName, true),
            ("Họ và tên mẹ", p.MotherName, true),
            ("Họ và tên vợ/chồng", p.SpouseName, true),
        };

        // Form 2 prints every field of the form, "//" where there is nothing; Form 1 leaves unknown ones out.
        return form2
            ? rows.Select(r => new CertificateRow(r.Label, OrEmpty(r.Value))).ToList()
            : rows.Where(r => !r.Form2Only && !string.IsNullOrWhiteSpace(r.Value)).Select(r => new CertificateRow(r.Label, r.Value!)).ToList();
    }

    private static string Heading(Conviction c, AgencyNames agencies) =>
        $"Bản án số {c.JudgmentNumber} ngày {Wording.Date(c.JudgmentDate)} của {agencies.Of(c.Court)}";

    private static ConvictionItem Form1Entry(Conviction c, DateOnly asOf, AgencyNames agencies)
    {
        var terms = c.TermsAsOf(asOf);
        var rows = new List<CertificateRow>
        {
            new("Tội danh", Offences(c, terms, asOf)),
            new("Hình phạt chính", Wording.Principal(terms.PrincipalPenalty)),
        };
        if (terms.SupplementaryPenalties.Count > 0)
        {
            rows.Add(new("Hình phạt bổ sung", string.Join("; ", terms.SupplementaryPenalties.Select(Wording.Supplementary))));
        }

        return new ConvictionItem(Heading(c, agencies), rows);
    }

    private static ConvictionItem Form2Entry(Conviction c, ExpungementResult status, DateOnly asOf, AgencyNames agencies)
    {
        var terms = c.TermsAsOf(asOf);
        var amendments = c.Amendments
            .Where(a => a.EffectiveDate <= asOf)
            .OrderBy(a => a.EffectiveDate)
            .Select(a => $"Số {a.DocumentNumber}{(a.DocumentDate is { } on ? $" ngày {Wording.Date(on)}" : "")}"
                         + $"{(a.Court is { } court ? $" của {agencies.Of(court)}" : "")}, có hiệu lực ngày {Wording.Date(a.EffectiveDate)}");
        var civil = c.CivilObligations.Select(o => o.AmountVnd is { } amount
            ? $"{o.Description}: {Wording.Money(amount)}"
            : o.Description);
        var expunged = status.Status == ExpungementStatus.Expunged
            ? $"Đã được xóa án tích ngày {Wording.Date(status.ExpungedOn!.Value)}"
            : "Chưa được xóa án tích";

        return new ConvictionItem(Heading(c, agencies),
        [
            new("Ngày có hiệu lực pháp luật", Wording.Date(c.EffectiveDate)),
            new("Tội danh", Offences(c, terms, asOf)),
            new("Hình phạt chính", Wording.Principal(terms.PrincipalPenalty)),
            new("Hình phạt bổ sung", Join(terms.SupplementaryPenalties.Select(Wording.Supplementary))),
            new("Án phí", c.CourtFeeVnd > 0 ? Wording.Money(c.CourtFeeVnd) : Wording.Empty),
            new("Nghĩa vụ dân sự", Join(civil)),
            new("Bản án, quyết định sửa đổi", Join(amendments)),
            new("Tình trạng thi hành án", Join(Enforcement(c, asOf))),
            new("Xóa án tích", expunged),
        ]);
    }

    /// <summary>An offence decriminalised by <paramref name="asOf"/> is removed (domain reference §2), the others kept.</summary>
    private static string Offences(Conviction c, JudgmentTerms terms, DateOnly asOf) =>
        OrEmpty(string.Join("; ", c.OffencesStanding(terms, asOf).Select(o => Wording.Offence(o, c.OffenceDate))));

    /// <summary>The follow-up facts known on <paramref name="asOf"/>, in date order.</summary>
    private static IEnumerable<string> Enforcement(Conviction c, DateOnly asOf)
    {
        var facts = new List<(DateOnly On, string Text)>();
        void Add(DateOnly? on, string text)
        {
            if (on is { } date && date <= asOf)
            {
                facts.Add((date, $"{text} ngày {Wording.Date(date)}"));
            }
        }

        Add(c.PrincipalPenaltyCompletedOn, "Đã chấp hành xong hình phạt chính");
        Add(c.ProbationCompletedOn, "Đã chấp hành xong thời gian thử thách");
        Add(c.AmnestiedOn, "Được đặc xá");
        Add(c.ExemptedOn, "Được miễn chấp hành hình phạt");
        Add(c.DeathSentenceCommutedOn, "Được ân giảm hình phạt tử hình xuống tù chung thân");
        Add(c.EnforcementLimitationLapsedOn, "Hết thời hiệu thi hành bản án");
        foreach (var r in c.SentenceReductions)
        {
            Add(r.EffectiveDate, $"Được giảm {Wording.Term(r.ReducedByMonths)} thời hạn chấp hành hình phạt theo quyết định số {r.DocumentNumber}, có hiệu lực");
        }

        Add(c.FinePaidOn, "Đã nộp xong tiền phạt");
        Add(c.CourtFeePaidOn, "Đã nộp xong án phí");
        Add(c.CivilObligationsCompletedOn, "Đã thi hành xong nghĩa vụ dân sự");
        foreach (var s in c.SupplementaryPenaltiesCompleted)
        {
            Add(s.CompletedOn, $"Đã chấp hành xong hình phạt bổ sung {Wording.SupplementaryName(s.PenaltyType).ToLowerInvariant()}");
        }

        return facts.OrderBy(f => f.On).Select(f => f.Text);
    }

    private static BankruptcyBanSection BanSection(IReadOnlyList<BankruptcyBan> bans, DateOnly asOf, AgencyNames agencies)
    {
        var inForce = bans.Where(b => b.BindsOn(asOf)).OrderBy(b => b.StartDate).ToList();
        if (inForce.Count == 0)
        {
            return new BankruptcyBanSection(NotBanned, []);
        }

        var rows = inForce.SelectMany(b => new CertificateRow[]
        {
            new("Chức vụ bị cấm đảm nhiệm", b.Post),
            new("Thời hạn", $"{Wording.Term(b.Months)} kể từ ngày {Wording.Date(b.StartDate)}"),
            new("Quyết định", $"Số {b.DecisionNumber} ngày {Wording.Date(b.DecisionDate)} của {agencies.Of(b.Court)}"),
        }).ToList();
        return new BankruptcyBanSection(Banned, rows);
    }

    private static string Join(IEnumerable<string> parts) => OrEmpty(string.Join("; ", parts));

    private static string OrEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? Wording.Empty : value;
}
