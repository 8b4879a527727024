using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.Records;
using static JudicialRecords.Domain.Records.PrincipalPenaltyType;

namespace JudicialRecords.Domain.Tests.Certificates;

public sealed class WordingTests
{
    public static TheoryData<PrincipalPenalty?, string> Principals => new()
    {
        { new(Warning, null, null, false, null), "Cảnh cáo" },
        { new(Fine, null, 20_000_000, false, null), "Phạt tiền 20.000.000 đồng" },
        { new(NonCustodialReform, 12, null, false, null), "Cải tạo không giam giữ 01 năm" },
        { new(NonCustodialReform, 18, null, false, null), "Cải tạo không giam giữ 01 năm 06 tháng" },
        { new(Imprisonment, 24, null, false, null), "02 năm tù" },
        { new(Imprisonment, 9, null, false, null), "09 tháng tù" },
        { new(Imprisonment, 36, null, true, 60), "03 năm tù nhưng cho hưởng án treo, thời gian thử thách 05 năm" },
        { new(Expulsion, null, null, false, null), "Trục xuất" },
        { new(Life, null, null, false, null), "Tù chung thân" },
        { new(Death, null, null, false, null), "Tử hình" },
        { null, "Miễn hình phạt" },
    };

    [Theory]
    [MemberData(nameof(Principals))]
    public void principal_penalties_are_worded_as_records_offices_print_them(PrincipalPenalty? penalty, string expected) =>
        Assert.Equal(expected, Wording.Principal(penalty));

    [Theory]
    [InlineData(SupplementaryPenaltyType.BanFromPosts, 24, "kế toán trưởng", "Cấm đảm nhiệm chức vụ kế toán trưởng 02 năm")]
    [InlineData(SupplementaryPenaltyType.Fine, null, "10.000.000 đồng", "Phạt tiền 10.000.000 đồng")]
    [InlineData(SupplementaryPenaltyType.ResidenceBan, 12, null, "Cấm cư trú 01 năm")]
    [InlineData(SupplementaryPenaltyType.SupervisedResidence, 6, null, "Quản chế 06 tháng")]
    [InlineData(SupplementaryPenaltyType.CivicRightsDeprivation, 36, null, "Tước một số quyền công dân 03 năm")]
    [InlineData(SupplementaryPenaltyType.Confiscation, null, null, "Tịch thu tài sản")]
    public void supplementary_penalties_name_the_penalty_detail_and_term(SupplementaryPenaltyType type, int? months, string? detail, string expected) =>
        Assert.Equal(expected, Wording.Supplementary(new SupplementaryPenalty(type, months, detail)));

    [Theory]
    [InlineData(0L, "0 đồng")]
    [InlineData(500_000L, "500.000 đồng")]
    [InlineData(1_234_567_890L, "1.234.567.890 đồng")]
    public void money_is_grouped_with_dots(long vnd, string expected) => Assert.Equal(expected, Wording.Money(vnd));

    [Theory]
    [InlineData(2026, 3, 5, "Đồng Nai, ngày 05 tháng 3 năm 2026")]
    [InlineData(2026, 1, 15, "Đồng Nai, ngày 15 tháng 01 năm 2026")]
    [InlineData(2026, 2, 1, "Đồng Nai, ngày 01 tháng 02 năm 2026")]
    [InlineData(2026, 11, 26, "Đồng Nai, ngày 26 tháng 11 năm 2026")]
    public void place_and_date_pad_days_below_ten_and_january_and_february(int y, int m, int d, string expected) =>
        Assert.Equal(expected, Wording.PlaceAndDate("Đồng Nai", new DateOnly(y, m, d)));

    [Fact]
    public void dates_are_day_month_year() => Assert.Equal("07/03/2019", Wording.Date(new DateOnly(2019, 3, 7)));

    [Theory]
    [InlineData("2019-03-01", "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 2015)")]
    [InlineData("2016-03-01", "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 1999)")]
    [InlineData("2000-07-01", "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 1999)")]
    [InlineData("2000-06-30", "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 1985)")]
    public void offences_name_the_code_in_force_when_committed(string offenceDate, string expected) =>
        Assert.Equal(expected, Wording.Offence(
            new Offence("173", "1", "Trộm cắp tài sản", "XVI", OffenceSeverity.LessSerious, false), DateOnly.Parse(offenceDate)));

    [Theory]
    [InlineData(ProceduralAgencyKind.Investigation, "CA-DNA", null, "Cơ quan điều tra CA-DNA")]
    [InlineData(ProceduralAgencyKind.Procuracy, "VKS-DNA", " ", "Viện kiểm sát VKS-DNA")]
    [InlineData(ProceduralAgencyKind.Court, "TAND-DNA", null, "Tòa án TAND-DNA")]
    [InlineData(ProceduralAgencyKind.Court, "TAND-DNA", " Tòa án nhân dân tỉnh Đồng Nai ", "Tòa án nhân dân tỉnh Đồng Nai")]
    public void a_requesting_agency_is_named_by_its_name_else_by_its_kind_and_code(
        ProceduralAgencyKind kind, string code, string? name, string expected) =>
        Assert.Equal(expected, Wording.RequestingAgency(new RequestingAgency(code, kind, Name: name)));
}
