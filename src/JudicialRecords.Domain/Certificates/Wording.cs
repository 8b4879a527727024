using System.Globalization;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Law;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Certificates;

/// <summary>How certificates word dates, money, terms and penalties, as records offices print them.</summary>
public static class Wording
{
    /// <summary>What Form 2 prints for a field with nothing to say.</summary>
    public const string Empty = "//";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// "Đồng Nai, ngày 05 tháng 3 năm 2026": administrative documents pad days below 10 and the
    /// months January and February with a zero (Decree 30/2020 Annex I).
    /// </summary>
    public static string PlaceAndDate(string place, DateOnly date)
    {
        var month = date.Month <= 2 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture);
        return $"{place}, ngày {date.Day.ToString("00", CultureInfo.InvariantCulture)} tháng {month} năm {date.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>"20.000.000 đồng".</summary>
    public static string Money(long vnd) =>
        vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') + " đồng";

    /// <summary>"02 năm", "06 tháng", "01 năm 06 tháng".</summary>
    public static string Term(int months)
    {
        var (years, rest) = (months / 12, months % 12);
        return (years, rest) switch
        {
            (0, var m) => $"{m:00} tháng",
            (var y, 0) => $"{y:00} năm",
            var (y, m) => $"{y:00} năm {m:00} tháng",
        };
    }

    public static string Sex(Sex sex) => sex == People.Sex.Male ? "Nam" : "Nữ";

    public static string Principal(PrincipalPenalty? penalty) => penalty switch
    {
        null => "Miễn hình phạt",
        { Type: PrincipalPenaltyType.Warning } => "Cảnh cáo",
        { Type: PrincipalPenaltyType.Fine, FineVnd: { } fine } => $"Phạt tiền {Money(fine)}",
        { Type: PrincipalPenaltyType.Fine } => "Phạt tiền",
        { Type: PrincipalPenaltyType.NonCustodialReform, Months: { } m } => $"Cải tạo không giam giữ {Term(m)}",
        { Type: PrincipalPenaltyType.NonCustodialReform } => "Cải tạo không giam giữ",
        { Type: PrincipalPenaltyType.Expulsion } => "Trục xuất",
        { Type: PrincipalPenaltyType.Imprisonment, Months: { } m, Suspended: true, ProbationMonths: { } p } =>
            $"{Term(m)} tù nhưng cho hưởng án treo, thời gian thử thách {Term(p)}",
        { Type: PrincipalPenaltyType.Imprisonment, Months: { } m, Suspended: true } => $"{Term(m)} tù nhưng cho hưởng án treo",
        { Type: PrincipalPenaltyType.Imprisonment, Months: { } m } => $"{Term(m)} tù",
        { Type: PrincipalPenaltyType.Imprisonment } => "Tù có thời hạn",
        { Type: PrincipalPenaltyType.Life } => "Tù chung thân",
        { Type: PrincipalPenaltyType.Death } => "Tử hình",
        _ => throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "Unknown principal penalty."),
    };

    /// <summary>"Cấm đảm nhiệm chức vụ kế toán 02 năm", "Phạt tiền 10.000.000 đồng" (the detail carries the amount).</summary>
    public static string Supplementary(SupplementaryPenalty penalty)
    {
        var parts = new List<string> { SupplementaryName(penalty.Type) };
        if (!string.IsNullOrWhiteSpace(penalty.Detail))
        {
            parts.Add(penalty.Detail.Trim());
        }

        if (penalty.Months is { } months)
        {
            parts.Add(Term(months));
        }

        return string.Join(' ', parts);
    }

    public static string SupplementaryName(SupplementaryPenaltyType type) => type switch
    {
        SupplementaryPenaltyType.BanFromPosts => "Cấm đảm nhiệm chức vụ",
        SupplementaryPenaltyType.BanFromProfession => "Cấm hành nghề hoặc làm công việc nhất định",
        SupplementaryPenaltyType.ResidenceBan => "Cấm cư trú",
        SupplementaryPenaltyType.SupervisedResidence => "Quản chế",
        SupplementaryPenaltyType.CivicRightsDeprivation => "Tước một số quyền công dân",
        SupplementaryPenaltyType.Fine => "Phạt tiền",
        SupplementaryPenaltyType.Confiscation => "Tịch thu tài sản",
        SupplementaryPenaltyType.Expulsion => "Trục xuất",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown supplementary penalty."),
    };

    /// <summary>
    /// "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 2015)": the article is read in the code
    /// in force when the offence was committed.
    /// </summary>
    public static string Offence(Offence offence, DateOnly offenceDate)
    {
        var clause = string.IsNullOrWhiteSpace(offence.Clause) ? "" : $"khoản {offence.Clause.Trim()} ";
        // Before the 1999 code took effect (2000-07-01) the judgment applied the 1985 code, whose article it cites.
        var code = PenalCode.For(offenceDate);
        var edition = offenceDate < code.InForceFrom ? 1985 : code.Edition;
        return $"{offence.Name} ({clause}Điều {offence.Article} Bộ luật Hình sự năm {edition})";
    }

    /// <summary>
    /// The agency as the certificate names it: the name it gave, else its kind and code
    /// ("Cơ quan điều tra CA-DNA", "Viện kiểm sát VKS-DNA", "Tòa án TAND-DNA").
    /// </summary>
    public static string RequestingAgency(RequestingAgency agency)
    {
        if (!string.IsNullOrWhiteSpace(agency.Name))
        {
            return agency.Name.Trim();
        }

        var kind = agency.Kind switch
        {
            ProceduralAgencyKind.Investigation => "Cơ quan điều tra",
            ProceduralAgencyKind.Procuracy => "Viện kiểm sát",
            ProceduralAgencyKind.Court => "Tòa án",
            _ => throw new ArgumentOutOfRangeException(nameof(agency), agency.Kind, "Unknown procedural agency."),
        };
        return $"{kind} {agency.Code}";
    }
}
