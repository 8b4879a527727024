using JudicialRecords.Domain.Certificates;

namespace JudicialRecords.Domain.Tests.Certificates;

public sealed class AgencyNamesTests
{
    static readonly AgencyNames Directory = new(new Dictionary<string, string>
    {
        ["TAND-DNA"] = "Tòa án nhân dân tỉnh Đồng Nai",
        ["TAND-HCM"] = "Tòa án nhân dân Thành phố Hồ Chí Minh",
        ["TANDCC-HCM"] = "Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh",
    });

    [Theory]
    [InlineData("TAND tỉnh Đồng Nai", "TAND-DNA")]
    [InlineData("Toà án nhân dân  Tỉnh Đồng Nai", "TAND-DNA")]
    [InlineData("TOA AN NHAN DAN TINH DONG NAI", "TAND-DNA")]
    [InlineData("tand-dna", "TAND-DNA")]
    [InlineData("TAND TP. Hồ Chí Minh", "TAND-HCM")]
    [InlineData("TANDCC tại TP Hồ Chí Minh", "TANDCC-HCM")]
    public void a_court_named_as_people_write_it_is_found_by_its_code(string written, string code) =>
        Assert.Equal(code, Directory.CodeOf(written));

    [Theory]
    [InlineData("TAND tỉnh Bình Dương")]
    [InlineData("TAND")]
    [InlineData("")]
    [InlineData(null)]
    public void a_name_no_configured_court_bears_finds_none(string? written) => Assert.Null(Directory.CodeOf(written));
}
