using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using static JudicialRecords.Domain.Certificates.CertificateContent;
using static JudicialRecords.Domain.Records.PrincipalPenaltyType;

namespace JudicialRecords.Domain.Tests.Certificates;

public sealed class CertificateContentTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 5);

    private static readonly IssuingAuthority Authority = new(
        "CADNA", new DateOnly(2025, 3, 1), "Công an tỉnh Đồng Nai", ["BỘ CÔNG AN", "CÔNG AN TỈNH ĐỒNG NAI"], "Đồng Nai",
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Văn An");

    private static readonly PersonDetails Vietnamese = new(
        "075090001234", "Nguyễn Văn Bình", [], new DateOnly(1990, 5, 10), Sex.Male, "Biên Hòa, Đồng Nai",
        "Việt Nam", "Kinh", "Phường Tân Phong, Biên Hòa, Đồng Nai", "Nguyễn Văn Cường", "Trần Thị Dung", null);

    private static readonly PersonDetails Foreigner = new(
        "C01234567", "John Smith", [], new DateOnly(1985, 1, 2), Sex.Male, "London", "Vương quốc Anh", null,
        "Quận 1, Thành phố Hồ Chí Minh", null, null, null);

    private static readonly Offence Theft = new("173", "1", "Trộm cắp tài sản", "XVI", OffenceSeverity.LessSerious, false);
    private static readonly Offence Fraud = new("174", "2", "Lừa đảo chiếm đoạt tài sản", "XVI", OffenceSeverity.VerySerious, false);

    private static CertificateRequest Form1(PersonDetails? person = null, bool ban = false) =>
        new(CertificateForm.One, person ?? Vietnamese, ban);

    private static CertificateRequest Form2(PersonDetails? person = null) => new(CertificateForm.Two, person ?? Vietnamese);

    [Theory]
    [InlineData(CertificateForm.One, false, NoConviction)]
    [InlineData(CertificateForm.Two, false, NoConviction)]
    [InlineData(CertificateForm.One, true, ForeignerNoConviction)]
    [InlineData(CertificateForm.Two, true, ForeignerNoConviction)]
    public void a_person_without_a_record_has_no_conviction_and_foreigners_only_while_resident(CertificateForm form, bool foreign, string statement)
    {
        var person = foreign ? Foreigner : Vietnamese;
        var content = Build(null, new CertificateRequest(form, person), Authority, AsOf);

        Assert.Equal(statement, content.Convictions.Statement);
        Assert.Empty(content.Convictions.Entries);
        Assert.Equal(0, content.RecordVersion);
        Assert.Equal(person.PersonalId, content.PersonalId);
        Assert.Equal(person.FullName, Row(content.Person, "Họ và tên"));
    }

    [Theory]
    [InlineData("Việt Nam", true)]
    [InlineData("Viet Nam", true)]
    [InlineData("VIỆT NAM", true)]
    [InlineData("Vietnam", true)]
    [InlineData("VN", true)]
    [InlineData("Vietnamese", true)]
    [InlineData("Việt-Nam", true)]
    [InlineData("", true)]
    [InlineData("Hàn Quốc", false)]
    [InlineData("Vương quốc Anh", false)]
    public void nationality_is_compared_without_case_spaces_or_diacritics(string nationality, bool vietnamese) =>
        Assert.Equal(vietnamese, Nationality.IsVietnamese(nationality));

    [Fact]
    public void a_foreigner_with_an_active_conviction_has_a_conviction()
    {
        var record = new Record(Foreigner);
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));

        Assert.Equal(HasConviction, Build(record.Value, Form1(Foreigner), Authority, AsOf).Convictions.Statement);
    }

    [Fact]
    public void form1_shows_unexpunged_convictions_with_offences_and_penalties()
    {
        var record = new Record();
        record.Convict(Prison(24), new DateOnly(2024, 1, 10), offences: [Theft, Fraud],
            supplementary: [new(SupplementaryPenaltyType.BanFromPosts, 24, "kế toán")]);

        var content = Build(record.Value, Form1(), Authority, AsOf);

        Assert.Equal(HasConviction, content.Convictions.Statement);
        var entry = Assert.Single(content.Convictions.Entries);
        Assert.Equal("Bản án số 1/2024/HS-ST ngày 26/12/2023 của Tòa án nhân dân tỉnh Đồng Nai", entry.Heading);
        Assert.Equal("Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 2015); "
            + "Lừa đảo chiếm đoạt tài sản (khoản 2 Điều 174 Bộ luật Hình sự năm 2015)", Row(entry.Rows, "Tội danh"));
        Assert.Equal("02 năm tù", Row(entry.Rows, "Hình phạt chính"));
        Assert.Equal("Cấm đảm nhiệm chức vụ kế toán 02 năm", Row(entry.Rows, "Hình phạt bổ sung"));
    }

    [Fact]
    public void form1_hides_expunged_convictions()
    {
        var record = new Record();
        record.Convict(Warned, new DateOnly(2019, 9, 1));

        var content = Build(record.Value, Form1(), Authority, AsOf);

        Assert.Equal(NoConviction, content.Convictions.Statement);
        Assert.Empty(content.Convictions.Entries);
    }

    [Fact]
    public void form1_lists_only_the_unexpunged_of_several_convictions()
    {
        var record = new Record();
        record.Convict(Warned, new DateOnly(2019, 9, 1));
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));

        var entry = Assert.Single(Build(record.Value, Form1(), Authority, AsOf).Convictions.Entries);
        Assert.Equal("02 năm tù", Row(entry.Rows, "Hình phạt chính"));
    }

    [Fact]
    public void form2_shows_expunged_convictions_with_their_expungement_date()
    {
        var record = new Record();
        record.Convict(Warned, new DateOnly(2019, 9, 1));

        var content = Build(record.Value, Form2(), Authority, AsOf);

        Assert.Equal(AllExpunged, content.Convictions.Statement);
        var entry = Assert.Single(content.Convictions.Entries);
        Assert.Equal("Đã được xóa án tích ngày 01/09/2020", Row(entry.Rows, "Xóa án tích"));
        Assert.Equal("Cảnh cáo", Row(entry.Rows, "Hình phạt chính"));
    }

    [Fact]
    public void form2_shows_every_conviction_in_judgment_order_and_says_which_are_expunged()
    {
        var record = new Record();
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));
        record.Convict(Warned, new DateOnly(2019, 9, 1));

        var content = Build(record.Value, Form2(), Authority, AsOf);

        Assert.Equal(HasConviction, content.Convictions.Statement);
        Assert.Collection(content.Convictions.Entries,
            first => Assert.Equal("Đã được xóa án tích ngày 01/09/2020", Row(first.Rows, "Xóa án tích")),
            second => Assert.Equal("Chưa được xóa án tích", Row(second.Rows, "Xóa án tích")));
    }

    public static TheoryData<string> ConvictionsThatAreNoRecord => ["exempted", "annulled", "not yet in effect"];

    [Theory]
    [MemberData(nameof(ConvictionsThatAreNoRecord))]
    public void form2_never_shows_what_leaves_no_record(string why)
    {
        var record = new Record();
        var effective = why == "not yet in effect" ? AsOf.AddDays(1) : new DateOnly(2024, 1, 10);
        var id = record.Convict(why == "exempted" ? null : Prison(24), effective);
        if (why == "annulled")
        {
            record.Value.Apply(new JudgmentAnnulled(id, "TANDCC", "5/2025/HS-GĐT", new DateOnly(2025, 5, 1), new DateOnly(2025, 5, 1)));
        }

        var content = Build(record.Value, Form2(), Authority, AsOf);

        Assert.Equal(NoConviction, content.Convictions.Statement);
        Assert.Empty(content.Convictions.Entries);
    }

    [Fact]
    public void form2_prints_the_full_judgment_data()
    {
        var record = new Record();
        var id = record.Convict(Prison(36), new DateOnly(2020, 6, 1),
            supplementary: [new(SupplementaryPenaltyType.Fine, null, "10.000.000 đồng")],
            courtFeeVnd: 200_000,
            civil: [new("Bồi thường cho bị hại", 5_000_000), new("Trả lại xe máy cho bị hại", null)]);
        record.Value.Apply(new JudgmentAmended(id, "TANDCC-HCM", "88/2020/HS-PT", new DateOnly(2020, 8, 25), new DateOnly(2020, 9, 1),
            new JudgmentTerms([Theft], Prison(30), [new(SupplementaryPenaltyType.Fine, null, "10.000.000 đồng")])));
        record.Value.Apply(new CourtFeePaid(id, "THADS-DNA", "12/QĐ", new DateOnly(2020, 10, 1), new DateOnly(2020, 10, 1), 200_000));
        record.Value.Apply(new PrincipalPenaltyCompleted(id, "CA-DNA", "34/GCN", new DateOnly(2023, 1, 2), new DateOnly(2023, 1, 2)));

        var courts = new AgencyNames(new Dictionary<string, string> { ["TANDCC-HCM"] = "Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh" });
        var entry = Assert.Single(Build(record.Value, Form2(), Authority, AsOf, courts).Convictions.Entries);

        Assert.Equal("Bản án số 1/2020/HS-ST ngày 17/05/2020 của Tòa án nhân dân tỉnh Đồng Nai", entry.Heading);
        Assert.Equal(
        [
            new("Ngày có hiệu lực pháp luật", "01/06/2020"),
            new("Tội danh", "Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 2015)"),
            new("Hình phạt chính", "02 năm 06 tháng tù"),
            new("Hình phạt bổ sung", "Phạt tiền 10.000.000 đồng"),
            new("Án phí", "200.000 đồng"),
            new("Nghĩa vụ dân sự", "Bồi thường cho bị hại: 5.000.000 đồng; Trả lại xe máy cho bị hại"),
            // The appellate judgment with its date and court (by name, from its code), then when it took effect.
            new("Bản án, quyết định sửa đổi",
                "Số 88/2020/HS-PT ngày 25/08/2020 của Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh, có hiệu lực ngày 01/09/2020"),
            new("Tình trạng thi hành án", "Đã nộp xong án phí ngày 01/10/2020; Đã chấp hành xong hình phạt chính ngày 02/01/2023"),
            new("Xóa án tích", "Chưa được xóa án tích"),
        ], entry.Rows);
    }

    [Fact]
    public void form2_prints_an_exemption_from_the_rest_of_the_sentence_in_the_enforcement_status()
    {
        var record = new Record();
        var id = record.Convict(Prison(36), new DateOnly(2020, 6, 1));
        record.Value.Apply(new SentenceExempted(id, "CA-DNA", "5/2021/QĐ-MCH", new DateOnly(2021, 2, 1), new DateOnly(2021, 2, 8)));

        var entry = Assert.Single(Build(record.Value, Form2(), Authority, AsOf).Convictions.Entries);

        Assert.Contains(new("Tình trạng thi hành án", "Được miễn chấp hành hình phạt ngày 08/02/2021"), entry.Rows);
    }

    [Fact]
    public void form2_prints_empty_fields_as_double_slash()
    {
        var unknown = Vietnamese with { FatherName = null, Ethnicity = " " };
        var record = new Record(unknown);
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));

        var content = Build(record.Value, Form2(unknown), Authority, AsOf);

        var entry = Assert.Single(content.Convictions.Entries);
        foreach (var label in new[] { "Hình phạt bổ sung", "Án phí", "Nghĩa vụ dân sự", "Bản án, quyết định sửa đổi", "Tình trạng thi hành án" })
        {
            Assert.Equal("//", Row(entry.Rows, label));
        }

        foreach (var label in new[] { "Tên gọi khác", "Dân tộc", "Họ và tên cha", "Họ và tên vợ/chồng" })
        {
            Assert.Equal("//", Row(content.Person, label));
        }
    }

    [Fact]
    public void form2_names_father_mother_and_spouse_and_form1_does_not()
    {
        var person = Vietnamese with { SpouseName = "Lê Thị Hoa", OtherNames = ["Bình Còi"] };
        var form2 = Build(null, Form2(person), Authority, AsOf).Person;
        var form1 = Build(null, Form1(person), Authority, AsOf).Person;

        Assert.Equal("Nguyễn Văn Cường", Row(form2, "Họ và tên cha"));
        Assert.Equal("Trần Thị Dung", Row(form2, "Họ và tên mẹ"));
        Assert.Equal("Lê Thị Hoa", Row(form2, "Họ và tên vợ/chồng"));
        Assert.Equal("Bình Còi", Row(form2, "Tên gọi khác"));
        Assert.DoesNotContain(form1, r => r.Label is "Họ và tên cha" or "Họ và tên mẹ" or "Họ và tên vợ/chồng" or "Tên gọi khác");
    }

    [Fact]
    public void identity_rows_are_worded_in_vietnamese()
    {
        var rows = Build(null, Form1(), Authority, AsOf).Person;

        Assert.Equal(
        [
            new("Họ và tên", "Nguyễn Văn Bình"),
            new("Giới tính", "Nam"),
            new("Ngày, tháng, năm sinh", "10/05/1990"),
            new("Nơi sinh", "Biên Hòa, Đồng Nai"),
            new("Quốc tịch", "Việt Nam"),
            new("Dân tộc", "Kinh"),
            new("Nơi cư trú", "Phường Tân Phong, Biên Hòa, Đồng Nai"),
            new("Số định danh cá nhân", "075090001234"),
        ], rows);
        Assert.Equal("C01234567", Row(Build(null, Form1(Foreigner), Authority, AsOf).Person, "Số hộ chiếu"));
        // However a Vietnamese nationality was written, it is printed with its diacritics.
        Assert.Equal("Việt Nam", Row(Build(null, Form1(Vietnamese with { Nationality = "VN" }), Authority, AsOf).Person, "Quốc tịch"));
    }

    /// <summary>Domain reference §2: an offence later decriminalised is removed; the judgment's other offences stand.</summary>
    [Theory]
    [InlineData(CertificateForm.One)]
    [InlineData(CertificateForm.Two)]
    public void an_offence_decriminalised_since_is_no_longer_printed_beside_one_that_stands(CertificateForm form)
    {
        // 1999 code: Art. 199 (drug use) repealed from 2010-01-01; Art. 138 (theft) stands. Effective 2009-03-01, offence 2008-09-01.
        var record = new Record();
        record.Convict(Prison(240), new DateOnly(2009, 3, 1), offences:
        [
            new("199", "1", "Sử dụng trái phép chất ma túy", "XVIII", OffenceSeverity.LessSerious, Negligent: false),
            new("138", "1", "Trộm cắp tài sản", "XIV", OffenceSeverity.LessSerious, Negligent: false),
        ]);

        var content = Build(record.Value, new CertificateRequest(form, Vietnamese), Authority, AsOf);

        var offences = Row(Assert.Single(content.Convictions.Entries).Rows, "Tội danh");
        Assert.Contains("Trộm cắp tài sản", offences);
        Assert.DoesNotContain("ma túy", offences);
    }

    /// <summary>Domain reference §2: the 1999 code's illegal business (Art. 159), which the 2015 code no longer defines, is removed.</summary>
    [Fact]
    public void a_1999_offence_the_2015_code_dropped_leaves_no_record_on_either_form()
    {
        var record = new Record();
        record.Convict(Prison(36), new DateOnly(2014, 3, 1), offences:
            [new("159", "1", "Kinh doanh trái phép", "XVI", OffenceSeverity.LessSerious, Negligent: false)]);

        Assert.Equal(NoConviction, Build(record.Value, Form1(), Authority, AsOf).Convictions.Statement);
        Assert.Empty(Build(record.Value, Form2(), Authority, AsOf).Convictions.Entries);
    }

    [Fact]
    public void the_residence_printed_is_the_one_the_request_states_not_the_old_judgments()
    {
        var record = new Record(Vietnamese with { Residence = "Phường Tân Phong, Biên Hòa, Đồng Nai" });
        record.Convict(Prison(24), new DateOnly(2012, 1, 10));

        var moved = Build(record.Value, Form1(Vietnamese with { Residence = "Phường Bến Nghé, Thành phố Hồ Chí Minh" }), Authority, AsOf);
        var unstated = Build(record.Value, Form1(Vietnamese with { Residence = null }), Authority, AsOf);

        Assert.Equal("Phường Bến Nghé, Thành phố Hồ Chí Minh", Row(moved.Person, "Nơi cư trú"));
        Assert.Equal("Phường Tân Phong, Biên Hòa, Đồng Nai", Row(unstated.Person, "Nơi cư trú"));
    }

    [Fact]
    public void what_the_record_lacks_of_the_identity_comes_from_the_request()
    {
        var record = new Record(Vietnamese with { FatherName = null, MotherName = null });
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));

        var content = Build(record.Value, Form2(), Authority, AsOf);

        Assert.Equal("Nguyễn Văn Cường", Row(content.Person, "Họ và tên cha"));
        Assert.Equal("Trần Thị Dung", Row(content.Person, "Họ và tên mẹ"));
    }

    [Fact]
    public void a_record_prints_its_own_identity_rather_than_the_requests()
    {
        var record = new Record();
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));

        var content = Build(record.Value, Form1(Vietnamese with { FullName = "Nguyen Van Binh" }), Authority, AsOf);

        Assert.Equal("Nguyễn Văn Bình", Row(content.Person, "Họ và tên"));
    }

    // Form, asked for the ban, ban in force → statement (null: no block).
    [Theory]
    [InlineData(CertificateForm.One, false, true, null)]
    [InlineData(CertificateForm.One, true, false, NotBanned)]
    [InlineData(CertificateForm.One, true, true, Banned)]
    [InlineData(CertificateForm.Two, false, false, NotBanned)]
    [InlineData(CertificateForm.Two, false, true, Banned)]
    public void the_bankruptcy_ban_shows_on_form1_only_when_asked_and_always_on_form2(
        CertificateForm form, bool asked, bool banned, string? statement)
    {
        var record = new Record();
        if (banned)
        {
            record.Ban("Giám đốc doanh nghiệp", new DateOnly(2024, 6, 1), months: 36);
        }

        var content = Build(record.Value, new CertificateRequest(form, Vietnamese, asked), Authority, AsOf);

        Assert.Equal(statement, content.BankruptcyBan?.Statement);
        if (banned && statement is not null)
        {
            Assert.Equal(
            [
                new("Chức vụ bị cấm đảm nhiệm", "Giám đốc doanh nghiệp"),
                new("Thời hạn", "03 năm kể từ ngày 01/06/2024"),
                new("Quyết định", "Số 7/2024/QĐ-TBPS ngày 20/05/2024 của Tòa án nhân dân tỉnh Đồng Nai"),
            ], content.BankruptcyBan!.Rows);
        }
    }

    [Fact]
    public void a_bankruptcy_ban_decided_but_starting_after_the_issue_date_is_printed()
    {
        var record = new Record();
        record.Ban("Giám đốc doanh nghiệp", AsOf.AddDays(10), months: 36);

        var content = Build(record.Value, Form2(), Authority, AsOf);

        Assert.Equal(Banned, content.BankruptcyBan!.Statement);
        Assert.Contains(new CertificateRow("Thời hạn", "03 năm kể từ ngày 15/03/2026"), content.BankruptcyBan.Rows);
    }

    [Fact]
    public void a_lapsed_bankruptcy_ban_is_not_printed()
    {
        var record = new Record();
        record.Ban("Giám đốc", new DateOnly(2020, 1, 1), months: 36);

        var content = Build(record.Value, Form2(), Authority, AsOf);

        Assert.Equal(NotBanned, content.BankruptcyBan!.Statement);
        Assert.Empty(content.BankruptcyBan.Rows);
    }

    [Fact]
    public void the_content_keeps_the_record_version_authority_and_issue_date()
    {
        var record = new Record();
        record.Convict(Prison(24), new DateOnly(2024, 1, 10));
        record.Value.Version = 7;

        var content = Build(record.Value, Form1(), Authority, AsOf);

        Assert.Equal(7, content.RecordVersion);
        Assert.Same(Authority, content.Authority);
        Assert.Equal(AsOf, content.IssuedOn);
        Assert.Equal(CertificateForm.One, content.Form);
        Assert.Equal("Đồng Nai, ngày 05 tháng 3 năm 2026", content.PlaceAndDate);
    }

    [Fact]
    public void form1_prints_the_judgment_as_amended_by_the_issue_date()
    {
        var record = new Record();
        var id = record.Convict(Prison(36), new DateOnly(2025, 6, 1));
        record.Value.Apply(new JudgmentAmended(id, "TANDCC", "9/2025/HS-PT", new DateOnly(2025, 9, 1), new DateOnly(2025, 9, 1),
            new JudgmentTerms([Theft], new PrincipalPenalty(Imprisonment, 36, null, true, 60), [])));

        var entry = Assert.Single(Build(record.Value, Form1(), Authority, AsOf).Convictions.Entries);
        Assert.Equal("03 năm tù nhưng cho hưởng án treo, thời gian thử thách 05 năm", Row(entry.Rows, "Hình phạt chính"));
    }

    private static PrincipalPenalty Warned => new(Warning, null, null, false, null);

    private static PrincipalPenalty Prison(int months) => new(Imprisonment, months, null, false, null);

    [Fact]
    public void form_2_for_a_procedural_agency_names_the_agency_and_its_letter_above_the_person()
    {
        var record = new Record();
        record.Convict(new(Imprisonment, 24, null, false, null), new DateOnly(2025, 1, 10));
        var agency = new RequestingAgency("CA-DNA", ProceduralAgencyKind.Investigation, "125/CV-CSĐT", new DateOnly(2026, 3, 4),
            "Cơ quan Cảnh sát điều tra Công an tỉnh Đồng Nai");

        var content = Build(record.Value, Form2() with { RequestedBy = agency }, Authority, AsOf);

        Assert.Equal("Cơ quan Cảnh sát điều tra Công an tỉnh Đồng Nai", Row(content.Requester, RequestingAgencyLabel));
        Assert.Equal("Số 125/CV-CSĐT ngày 04/03/2026", Row(content.Requester, RequestLetterLabel));
        Assert.Equal(HasConviction, content.Convictions.Statement);
    }

    [Fact]
    public void form_1_for_a_state_body_names_the_body_and_its_letter_and_shows_only_what_form_1_shows()
    {
        var record = new Record();
        record.Convict(new(Imprisonment, 24, null, false, null), new DateOnly(2025, 1, 10));
        var body = new RequestingBody("Sở Kế hoạch và Đầu tư tỉnh Đồng Nai", "Biên Hòa, Đồng Nai", StateBodyPurpose.Enterprise,
            "412/SKHĐT-ĐKKD", new DateOnly(2026, 3, 4));

        var content = Build(record.Value, Form1() with { RequestedByBody = body }, Authority, AsOf);

        Assert.Equal("Sở Kế hoạch và Đầu tư tỉnh Đồng Nai", Row(content.Requester, RequestingBodyLabel));
        Assert.Equal("Số 412/SKHĐT-ĐKKD ngày 04/03/2026", Row(content.Requester, RequestLetterLabel));
        Assert.DoesNotContain(content.Requester, r => r.Label == RequestingAgencyLabel);
        Assert.Equal(CertificateForm.One, content.Form);
        Assert.Equal(HasConviction, content.Convictions.Statement);
    }

    [Fact]
    public void a_person_s_own_certificate_names_no_requesting_agency()
    {
        Assert.Empty(Build(null, Form2(), Authority, AsOf).Requester);
        Assert.Empty(Build(null, Form1(), Authority, AsOf).Requester);
    }

    private static string Row(IReadOnlyList<CertificateRow> rows, string label) => Assert.Single(rows, r => r.Label == label).Value;

    /// <summary>A record built the way production builds it: by applying events.</summary>
    private sealed class Record(PersonDetails? person = null)
    {
        private readonly PersonDetails person = person ?? Vietnamese;
        private int judgments;

        public CriminalRecord Value { get; } = new();

        public Guid Convict(
            PrincipalPenalty? principal,
            DateOnly effective,
            Offence[]? offences = null,
            SupplementaryPenalty[]? supplementary = null,
            long courtFeeVnd = 0,
            CivilObligation[]? civil = null)
        {
            var id = Guid.NewGuid();
            Value.Apply(new JudgmentTookEffect(
                id, "TAND-DNA", $"{++judgments}/{effective.Year}/HS-ST", effective.AddDays(-15), effective,
                "Tòa án nhân dân tỉnh Đồng Nai", effective.AddMonths(-6), person,
                new JudgmentTerms(offences ?? [Theft], principal, supplementary ?? []), courtFeeVnd, civil ?? []));
            return id;
        }

        public void Ban(string post, DateOnly start, int months) =>
            Value.Apply(new BankruptcyBanImposed(
                Guid.NewGuid(), "TAND-DNA", "7/2024/QĐ-TBPS", start.AddDays(-12), start, "Tòa án nhân dân tỉnh Đồng Nai", post, start, months));
    }
}
