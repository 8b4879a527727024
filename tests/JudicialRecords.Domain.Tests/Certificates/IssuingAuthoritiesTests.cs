using JudicialRecords.Domain.Certificates;

namespace JudicialRecords.Domain.Tests.Certificates;

public sealed class IssuingAuthoritiesTests
{
    private static readonly IssuingAuthority Justice = new(
        "STPDNA", new DateOnly(2010, 7, 1), "Sở Tư pháp tỉnh Đồng Nai", ["UBND TỈNH ĐỒNG NAI", "SỞ TƯ PHÁP"], "Đồng Nai",
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Trần Thị Bình");

    private static readonly IssuingAuthority Police = new(
        "CADNA", new DateOnly(2025, 3, 1), "Công an tỉnh Đồng Nai", ["BỘ CÔNG AN", "CÔNG AN TỈNH ĐỒNG NAI"], "Đồng Nai",
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Văn An");

    [Theory]
    [InlineData("2024-12-31", "STPDNA")]
    [InlineData("2025-02-28", "STPDNA")]
    [InlineData("2025-03-01", "CADNA")]
    [InlineData("2026-11-26", "CADNA")]
    public void the_authority_in_force_is_the_latest_begun_by_the_issue_date(string date, string expected)
    {
        // Configuration order must not matter.
        var authorities = IssuingAuthorities.Create([Police, Justice]).Value;
        Assert.Equal(expected, authorities.InForceOn(DateOnly.Parse(date)).Value.Code);
    }

    [Fact]
    public void no_authority_before_the_first_takes_effect() =>
        Assert.Equal("authority.not-in-force",
            IssuingAuthorities.Create([Justice, Police]).Value.InForceOn(new DateOnly(2009, 1, 1)).Error?.Code);

    public static TheoryData<IssuingAuthority[], string> Invalid => new()
    {
        { [], "authority.none" },
        { [Justice, Police with { Code = "CADNA", EffectiveFrom = Justice.EffectiveFrom }], "authority.overlap" },
        { [Police with { Code = "CA-DNA" }], "authority.code" },
        { [Police with { SignerName = " " }], "authority.incomplete" },
        { [Police with { HeaderLines = [] }], "authority.incomplete" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void invalid_configuration_is_rejected(IssuingAuthority[] authorities, string code) =>
        Assert.Equal(code, IssuingAuthorities.Create(authorities).Error?.Code);
}
