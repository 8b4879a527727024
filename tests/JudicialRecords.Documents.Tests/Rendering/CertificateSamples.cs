using JudicialRecords.Documents.Rendering;

namespace JudicialRecords.Documents.Tests.Rendering;

/// <summary>Render models as the domain's content rules would build them.</summary>
internal static class CertificateSamples
{
    public const string VerificationUrl = "https://lltp.example.gov.vn/api/v1/certificates/000123-2026-LLTP";

    public static readonly string[] NationalAuthority = ["BỘ CÔNG AN", "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"];

    public static CertificateDocument Form1Clean() => new(
        NationalAuthority,
        "Số: 000123/2026/LLTP",
        CertificateForm.One,
        Person("Nguyễn Thị Ngọc Ánh", "Nữ", "075190001234"),
        ConvictionsBlock.None("Không có án tích"),
        BankruptcyBan: null,
        "Đồng Nai, ngày 26 tháng 11 năm 2026",
        new CertificateSigner(["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], "Trần Quốc Việt"),
        VerificationUrl);

    public static CertificateDocument Form2(int convictions) => new(
        ["CÔNG AN TỈNH ĐỒNG NAI", "PHÒNG CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"],
        "Số: 000456/2026/LLTP",
        CertificateForm.Two,
        [
            .. Person("Lê Văn Dũng", "Nam", "075090004321"),
            new LabeledValue("Họ và tên cha", "Lê Văn Hùng"),
            new LabeledValue("Họ và tên mẹ", "Phạm Thị Huệ"),
            new LabeledValue("Họ và tên vợ/chồng", "Võ Thị Mỹ Duyên"),
        ],
        new ConvictionsBlock("Có án tích", [.. Enumerable.Range(1, convictions).Select(Conviction)]),
        new BankruptcyBanBlock("Không bị cấm", []),
        "Đồng Nai, ngày 26 tháng 11 năm 2026",
        new CertificateSigner(["TRƯỞNG PHÒNG"], "Đặng Thị Thu Hà"),
        VerificationUrl);

    private static LabeledValue[] Person(string name, string sex, string personalId) =>
    [
        new("Họ và tên", name),
        new("Giới tính", sex),
        new("Ngày, tháng, năm sinh", "15/08/1990"),
        new("Nơi sinh", "Xã Phước Thiền, huyện Nhơn Trạch, tỉnh Đồng Nai"),
        new("Quốc tịch", "Việt Nam"),
        new("Dân tộc", "Kinh"),
        new("Nơi cư trú", "Số 12, đường Nguyễn Ái Quốc, phường Tân Phong, thành phố Biên Hòa, tỉnh Đồng Nai"),
        new("Số định danh cá nhân", personalId),
    ];

    private static ConvictionEntry Conviction(int n) => new(
        $"Án tích thứ {n}",
        [
            new("Bản án số", $"{n:00}/2019/HS-ST ngày 12/3/2019 của Tòa án nhân dân thành phố Biên Hòa, tỉnh Đồng Nai"),
            new("Ngày bản án có hiệu lực pháp luật", "27/3/2019"),
            new("Tội danh", "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 2015)"),
            new("Hình phạt chính", "12 tháng tù cho hưởng án treo, thời gian thử thách 24 tháng"),
            new("Hình phạt bổ sung", "//"),
            new("Nghĩa vụ dân sự, án phí", "Bồi thường 15.000.000 đồng; án phí hình sự sơ thẩm 200.000 đồng"),
            new("Tình trạng thi hành án", "Đã chấp hành xong ngày 27/3/2021"),
            new("Xóa án tích", "Đương nhiên được xóa án tích ngày 27/3/2022"),
        ]);
}
