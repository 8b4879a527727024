using JudicialRecords.Domain.Certificates;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// The default configuration: the Đồng Nai records department, run by the Department of Justice
/// until the Ministry of Public Security took it over on 01/03/2025 (domain reference §1). A deployment
/// for another province, or the amending law of 01/07/2026, configures <c>Certificates:Authorities</c>
/// instead. The signer names are the development PKI's (certs-dev), not real officials.
/// </summary>
public static class DefaultAuthorities
{
    public static IReadOnlyList<IssuingAuthority> All { get; } =
    [
        new(
            Code: "STPDNA",
            EffectiveFrom: new DateOnly(2010, 7, 1),
            Name: "Sở Tư pháp tỉnh Đồng Nai",
            HeaderLines: ["UBND TỈNH ĐỒNG NAI", "SỞ TƯ PHÁP"],
            Place: "Đồng Nai",
            SignerTitleLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            SignerName: "Trần Thị Bình"),
        new(
            Code: "CADNA",
            EffectiveFrom: new DateOnly(2025, 3, 1),
            Name: "Công an tỉnh Đồng Nai",
            HeaderLines: ["CÔNG AN TỈNH ĐỒNG NAI", "PHÒNG HỒ SƠ NGHIỆP VỤ"],
            Place: "Đồng Nai",
            SignerTitleLines: ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"],
            SignerName: "Nguyễn Văn An"),
    ];

    /// <summary>The province's courts and agencies that the development exchange and simulators use.</summary>
    public static IReadOnlyDictionary<string, string> AgencyNames { get; } = new Dictionary<string, string>
    {
        ["TAND-DNA"] = "Tòa án nhân dân tỉnh Đồng Nai",
        ["VKS-DNA"] = "Viện kiểm sát nhân dân tỉnh Đồng Nai",
        ["CA-DNA"] = "Công an tỉnh Đồng Nai",
        ["THADS-DNA"] = "Thi hành án dân sự tỉnh Đồng Nai",
    };
}
