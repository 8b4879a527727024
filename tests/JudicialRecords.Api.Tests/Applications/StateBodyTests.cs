using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Tests.Infrastructure;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>
/// A state body asking for a person's Form 1 by letter, for personnel, business registration or enterprises
/// (Law 28/2009 Art. 7(2), 41(1), 45): filed and paid at the counter, the certificate made out to the body.
/// </summary>
public sealed class StateBodyTests(ApplicationsApiFactory api) : IClassFixture<ApplicationsApiFactory>
{
    const string Department = "Sở Kế hoạch và Đầu tư tỉnh Đồng Nai";

    readonly Desk desk = new(api);

    [Fact]
    public async Task a_clerk_files_a_state_body_s_letter_takes_its_fee_and_the_form_1_names_the_body()
    {
        var person = await desk.Convicted("52/2025/HS-ST");

        var (id, accepted) = await desk.Apply(desk.Clerk, BodyForm1(person));

        Assert.Equal(200_000, accepted.GetProperty("feeVnd").GetInt64());
        var filed = await desk.Get(id);
        Assert.Equal("stateBody", filed.GetProperty("requesterKind").GetString());
        Assert.Equal("submitted", filed.GetProperty("status").GetString());
        Assert.Equal("standard", filed.GetProperty("feeCategory").GetString());
        Assert.Equal(JsonValueKind.Null, filed.GetProperty("applicant").ValueKind);
        Assert.Equal(JsonValueKind.Null, filed.GetProperty("requestingAgency").ValueKind);
        var body = filed.GetProperty("requestingBody");
        Assert.Equal(Department, body.GetProperty("name").GetString());
        Assert.Equal("enterprise", body.GetProperty("purpose").GetString());

        // Nobody of the body holds a token: the clerk records the payment it made at the counter.
        var paid = await Desk.Pay(desk.Clerk, id, 200_000, "BL-0042");
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        await desk.WaitFor(id, "issued");

        var download = await desk.Clerk.GetAsync($"/api/v1/applications/{id}/certificate");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var text = PdfText(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1", text);
        Assert.Contains($"Cơ quan, tổ chức yêu cầu: {Department}", text);
        Assert.Contains($"Văn bản yêu cầu: Số 412/SKHĐT-ĐKKD ngày {ProceduralAgencyTests.LetterDate:dd/MM/yyyy}", text);
        Assert.Contains("Tình trạng án tích: Có án tích", text);
        Assert.Contains(person.FullName.ToUpperInvariant(), text.ToUpperInvariant());

        // The person the letter is about did not file it: it is not theirs to see. That the body obtained their record is.
        Assert.Equal(HttpStatusCode.NotFound, (await desk.As(person).GetAsync($"/api/v1/applications/{id}")).StatusCode);
        var reads = await desk.As(person).GetFromJsonAsync<JsonElement>("/api/v1/me/record-access");
        var read = Assert.Single(reads.EnumerateArray(), r => r.GetProperty("view").GetString() == "certificate");
        Assert.Equal(Department, read.GetProperty("agency").GetString());
        Assert.Equal("clerk", read.GetProperty("role").GetString());
        Assert.Equal("Thẩm định người quản lý doanh nghiệp", read.GetProperty("purpose").GetString());
        Assert.True(read.GetProperty("found").GetBoolean());
    }

    public static TheoryData<string, Action<JsonObject>, string> Refused => new()
    {
        { "Form 2 (Art. 41)", b => b["formType"] = 2, "formType" },
        { "an electronic certificate", b => b["delivery"] = new JsonObject { ["method"] = "electronic" }, "delivery.method" },
        { "no address (Art. 45)", b => b["requestingBody"]!.AsObject().Remove("address"), "requestingBody.address" },
        { "no purpose", b => b["requestingBody"]!.AsObject().Remove("purpose"), "requestingBody.purpose" },
        { "a letter dated in the future", b => b["requestingBody"]!["documentDate"] = "2099-01-01", "requestingBody.documentDate" },
        { "no person", b => b.Remove("subject"), "subject" },
        { "both an agency and a body", b => b["requestingAgency"] = ProceduralAgencyTests.Letter("CA-DNA", "investigation"), "requestingBody" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task a_state_body_s_letter_that_the_law_does_not_allow_is_refused_naming_the_field_and_files_nothing(
        string because, Action<JsonObject> change, string field)
    {
        var person = await desk.Registered(Citizen.Adult(41));

        var response = await desk.Clerk.PostAsJsonAsync("/api/v1/applications", BodyForm1(person, change));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{because}: {problem}");
        Assert.Equal(0, await desk.FiledAbout(person));
    }

    [Fact]
    public async Task only_a_clerk_files_a_state_body_s_letter_and_a_clerk_does_not_pay_a_request_the_person_filed_online()
    {
        var person = await desk.Registered(Citizen.Adult(37));

        var asApplicant = await desk.As(person).PostAsJsonAsync("/api/v1/applications", BodyForm1(person));
        await asApplicant.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await desk.FiledAbout(person));

        var (own, _) = await desk.Apply(desk.As(person), Desk.Form1(person));
        var paidByClerk = await Desk.Pay(desk.Clerk, own, 200_000, "BL-0043");
        await paidByClerk.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("submitted", (await desk.Get(own)).GetProperty("status").GetString());
    }

    /// <summary>Đồng Nai's Department of Planning and Investment asks about <paramref name="subject"/>, who is to manage an enterprise.</summary>
    static JsonObject BodyForm1(Citizen subject, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["formType"] = 1,
            ["subject"] = subject.Json(),
            ["requestingBody"] = new JsonObject
            {
                ["name"] = Department,
                ["address"] = "Số 2 đường Nguyễn Văn Trị, Biên Hòa, Đồng Nai",
                ["purpose"] = "enterprise",
                ["documentNumber"] = "412/SKHĐT-ĐKKD",
                ["documentDate"] = ProceduralAgencyTests.LetterDate.ToString("yyyy-MM-dd"),
            },
            ["purpose"] = "Thẩm định người quản lý doanh nghiệp",
            ["delivery"] = new JsonObject { ["method"] = "post", ["address"] = "Số 2 đường Nguyễn Văn Trị, Biên Hòa, Đồng Nai" },
        };
        change?.Invoke(body);
        return body;
    }
}
