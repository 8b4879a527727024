using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Certificates;

public sealed class CertificateIssuanceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    CertificateIssuer Issuer => api.Services.GetRequiredService<CertificateIssuer>();

    CertificateRegistry Registry => api.Services.GetRequiredService<CertificateRegistry>();

    [Fact]
    public async Task a_person_without_a_record_gets_a_signed_clean_form1_in_the_registry()
    {
        var person = Person();

        var issued = await Issuer.IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);

        Assert.Matches(@"^LLTP-CADNA-\d{4}-\d{6}$", issued.Number);
        Assert.Equal(0, issued.RecordVersion);
        Assert.Equal(CertificateStatus.Valid, issued.Status);
        var pdf = (await Registry.GetPdfAsync(issued.Number, CancellationToken.None))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), issued.Sha256);
        var text = PdfText(pdf);
        Assert.Contains("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1", text);
        Assert.Contains("Tình trạng án tích: Không có án tích", text);
        Assert.Contains("Nguyễn Văn Bình", text);
        Assert.Contains($"Số: {issued.Number}", text);
        Assert.Contains($"http://localhost:5080/api/v1/certificates/{issued.Number}", text);
        Assert.DoesNotContain("Họ và tên cha", text);
        Assert.DoesNotContain("cấm đảm nhiệm chức vụ", text);
        // Officer and seal signatures, then the document timestamp.
        var raw = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(raw, "/SubFilter\\s*/ETSI\\.CAdES\\.detached"));
        Assert.Contains("/ETSI.RFC3161", raw);
    }

    [Fact]
    public async Task the_pdf_is_stored_as_issued_for_a_process_that_did_not_issue_it()
    {
        var person = Person();
        var issued = await Issuer.IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);
        var here = (await api.Services.GetRequiredService<CertificatePdfs>().GetAsync(issued.Number, CancellationToken.None))!.Value;

        // Another node (or this one after a restart) has none of this process's recently issued PDFs in memory.
        using var elsewhere = new CertificatePdfs(api.Services.GetRequiredService<IDocumentStore>());
        var stored = (await elsewhere.GetAsync(issued.Number, CancellationToken.None))!.Value;

        Assert.Equal(issued.Sha256, Convert.ToHexStringLower(SHA256.HashData(stored.Pdf)));
        Assert.Equal(here.Pdf, stored.Pdf);
        Assert.False(stored.Revoked);
        Assert.Null(await elsewhere.GetAsync("LLTP-CADNA-2026-999999", CancellationToken.None));
    }

    [Fact]
    public async Task a_pdf_read_from_the_registry_is_the_callers_own_to_change()
    {
        var person = Person();
        var issued = await Issuer.IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);

        var tampered = (await Registry.GetPdfAsync(issued.Number, CancellationToken.None))!;
        tampered[tampered.Length / 3] ^= 0x20;

        var again = (await Registry.GetPdfAsync(issued.Number, CancellationToken.None))!;
        Assert.Equal(issued.Sha256, Convert.ToHexStringLower(SHA256.HashData(again)));
        var download = (await api.Services.GetRequiredService<CertificatePdfs>().GetAsync(issued.Number, CancellationToken.None))!.Value;
        Assert.Equal(issued.Sha256, Convert.ToHexStringLower(SHA256.HashData(download.Pdf)));
    }

    [Fact]
    public async Task a_pdf_kept_in_memory_is_still_answered_revoked_once_the_registry_revokes_it()
    {
        var person = Person();
        var issued = await Issuer.IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);
        var pdfs = api.Services.GetRequiredService<CertificatePdfs>();
        Assert.False((await pdfs.GetAsync(issued.Number, CancellationToken.None))!.Value.Revoked);

        var approver = api.ClientAs(Roles.Approver, subject: "075080001111");
        var revoked = await approver.PostAsJsonAsync($"/api/v1/certificates/{issued.Number}/revocation", new { reason = "Cấp nhầm người" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        var after = (await pdfs.GetAsync(issued.Number, CancellationToken.None))!.Value;
        Assert.True(after.Revoked);
        Assert.Equal(issued.Sha256, Convert.ToHexStringLower(SHA256.HashData(after.Pdf)));
    }

    [Fact]
    public async Task form1_of_a_convicted_person_states_the_conviction_and_keeps_the_record_version()
    {
        var person = Person();
        await api.Record(person.PersonalId, Judgment(person, Prison(24), DateOnly.FromDateTime(DateTime.Today).AddYears(-1), "15/2025/HS-ST"));

        var issued = await Issuer.IssueAsync(person.PersonalId, Form1(person, ban: true), null, CancellationToken.None);

        Assert.Equal(1, issued.RecordVersion);
        var text = PdfText((await Registry.GetPdfAsync(issued.Number, CancellationToken.None))!);
        Assert.Contains("Tình trạng án tích: Có án tích", text);
        Assert.Contains("Bản án số 15/2025/HS-ST", text);
        Assert.Contains("Trộm cắp tài sản (khoản 1 Điều 173 Bộ luật Hình sự năm 2015)", text);
        Assert.Contains("02 năm tù", text);
        Assert.Contains("quản lý doanh nghiệp, hợp tác xã: Không bị cấm", text);
    }

    [Fact]
    public async Task form2_shows_expunged_convictions_full_judgment_data_parents_and_the_ban()
    {
        var person = Person();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var judgment = Judgment(person, Warning, new DateOnly(2019, 9, 1), "3/2019/HS-ST");
        await api.Record(person.PersonalId,
            judgment,
            new CourtFeePaid(judgment.ConvictionId, "THADS-DNA", "1/QĐ", new DateOnly(2019, 9, 1), new DateOnly(2019, 9, 1), 200_000),
            new BankruptcyBanImposed(Guid.NewGuid(), "TAND-DNA", "7/2025/QĐ-TBPS", today.AddMonths(-2), today.AddMonths(-1),
                "Tòa án nhân dân tỉnh Đồng Nai", "Giám đốc doanh nghiệp", today.AddMonths(-1), 36));

        var issued = await Issuer.IssueAsync(person.PersonalId, Form2(person), null, CancellationToken.None);

        Assert.Equal(2, issued.FormType);
        Assert.Equal(3, issued.RecordVersion);
        var text = PdfText((await Registry.GetPdfAsync(issued.Number, CancellationToken.None))!);
        Assert.Contains("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2", text);
        Assert.Contains("Họ và tên cha: Nguyễn Văn Cường", text);
        Assert.Contains("Họ và tên mẹ: Trần Thị Dung", text);
        Assert.Contains("Họ và tên vợ/chồng: //", text);
        Assert.Contains("Bản án số 3/2019/HS-ST ngày 17/08/2019 của Tòa án nhân dân tỉnh Đồng Nai", text);
        Assert.Contains("Cảnh cáo", text);
        Assert.Contains("Án phí: 200.000 đồng", text);
        Assert.Contains("Nghĩa vụ dân sự: //", text);
        Assert.Contains("quản lý doanh nghiệp, hợp tác xã: Bị cấm", text);
        Assert.Contains("Thời hạn: 03 năm kể từ ngày", text);
        Assert.Contains("Giám đốc doanh nghiệp", text);
    }

    [Fact]
    public async Task form1_hides_what_form2_shows_as_expunged()
    {
        var person = Person();
        // A warning with no money owed is expunged a year after the judgment takes effect (Art. 70(2)(a)).
        var conviction = Judgment(person, Warning, new DateOnly(2019, 9, 1), "4/2019/HS-ST") with { CourtFeeVnd = 0 };
        await api.Record(person.PersonalId, conviction);

        var form1 = PdfText((await Registry.GetPdfAsync(
            (await Issuer.IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None)).Number, CancellationToken.None))!);
        var form2 = PdfText((await Registry.GetPdfAsync(
            (await Issuer.IssueAsync(person.PersonalId, Form2(person), null, CancellationToken.None)).Number, CancellationToken.None))!);

        Assert.Contains("Tình trạng án tích: Không có án tích", form1);
        Assert.DoesNotContain("4/2019/HS-ST", form1);
        Assert.Contains("Tình trạng án tích: Đã được xóa án tích", form2);
        Assert.Contains("4/2019/HS-ST", form2);
        Assert.Contains("Xóa án tích: Đã được xóa án tích ngày 01/09/2020", form2);
    }

    [Fact]
    public async Task a_foreigner_without_a_conviction_has_none_while_resident_in_viet_nam()
    {
        var person = Person("John Smith") with { PersonalId = "C" + Random.Shared.Next(10_000_000, 99_999_999), Nationality = "Vương quốc Anh" };

        var issued = await Issuer.IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);

        var text = PdfText((await Registry.GetPdfAsync(issued.Number, CancellationToken.None))!);
        Assert.Contains("Không có án tích trong thời gian cư trú tại Việt Nam", text);
        Assert.Contains($"Số hộ chiếu: {person.PersonalId}", text);
    }

    [Fact]
    public async Task issuing_twice_for_one_application_returns_the_first_certificate()
    {
        var person = Person();
        var application = Guid.NewGuid();

        var first = await Issuer.IssueAsync(person.PersonalId, Form1(person), application, CancellationToken.None);
        var again = await Issuer.IssueAsync(person.PersonalId, Form1(person), application, CancellationToken.None);

        Assert.Equal(first.Number, again.Number);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(application, (await Registry.FindByApplicationAsync(application, CancellationToken.None))!.ApplicationId);
    }

    [Fact]
    public async Task concurrent_issuance_for_one_application_issues_one_certificate()
    {
        var person = Person();
        var application = Guid.NewGuid();

        var issued = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => Issuer.IssueAsync(person.PersonalId, Form1(person), application, CancellationToken.None))));

        Assert.Single(issued.Select(c => c.Number).Distinct());
    }

    [Fact]
    public async Task concurrent_issuance_gives_distinct_consecutive_numbers()
    {
        var people = Enumerable.Range(0, 4).Select(_ => Person()).ToList();

        var issued = await Task.WhenAll(people.Select(p =>
            Task.Run(() => Issuer.IssueAsync(p.PersonalId, Form1(p), Guid.NewGuid(), CancellationToken.None))));

        var sequences = issued.Select(c => long.Parse(c.Number[^6..])).Order().ToList();
        Assert.Equal(4, sequences.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 4).Select(i => sequences[0] + i), sequences);
    }

    [Fact]
    public async Task a_request_about_someone_else_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Issuer.IssueAsync("075090999999", Form1(Person()), null, CancellationToken.None));

    [Fact]
    public async Task the_registry_answers_anyone_without_personal_data()
    {
        var person = Person();
        var issued = await Issuer.IssueAsync(person.PersonalId, Form2(person), null, CancellationToken.None);

        var response = await api.CreateClient().GetAsync($"/api/v1/certificates/{issued.Number}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(issued.Number, body.GetProperty("number").GetString());
        Assert.Equal(2, body.GetProperty("formType").GetInt32());
        Assert.Equal("Công an tỉnh Đồng Nai", body.GetProperty("issuer").GetString());
        Assert.Equal("valid", body.GetProperty("status").GetString());
        Assert.Equal(issued.Sha256, body.GetProperty("sha256").GetString());
        Assert.Equal(issued.IssuedAt, body.GetProperty("issuedAt").GetDateTimeOffset());
        var raw = body.GetRawText();
        Assert.DoesNotContain(person.PersonalId, raw);
        Assert.DoesNotContain("Bình", raw);
    }

    [Fact]
    public async Task an_unknown_number_is_a_404_problem() =>
        await (await api.CreateClient().GetAsync("/api/v1/certificates/LLTP-CADNA-2026-999999"))
            .AssertProblem(HttpStatusCode.NotFound, JudicialRecords.Api.Infrastructure.Errors.ProblemTypes.NotFound);
}
