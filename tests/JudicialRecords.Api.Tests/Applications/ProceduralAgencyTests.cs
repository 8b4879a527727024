using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>Investigation bodies, procuracies and courts asking for Form 2, urgently or not (Law 28/2009 Art. 41, 48(3)).</summary>
public sealed class ProceduralAgencyTests(ApplicationsApiFactory api) : IClassFixture<ApplicationsApiFactory>
{
    readonly Desk desk = new(api);

    HttpClient Police(string agency = Agencies.Police) => api.ClientAs("police", agency);

    [Fact]
    public async Task an_urgent_request_keeps_its_24_hours_when_the_police_files_are_asked_and_they_must_answer_within_them_art_48_3()
    {
        // Aged 16 or more before July 2010: the police files are asked first.
        var person = await desk.Registered(Citizen.Adult(50));

        var (id, _) = await desk.Apply(Police(), AgencyForm2(person, urgent: true), Key());

        var filed = await desk.Get(id, Police());
        Assert.Equal("needsVerification", filed.GetProperty("status").GetString());
        var dueAt = filed.GetProperty("submittedAt").GetDateTimeOffset().AddHours(24);
        Assert.Equal(dueAt, filed.GetProperty("dueAt").GetDateTimeOffset());
        var inbox = JsonDocument.Parse(await desk.Clerk.GetStringAsync("/api/v1/exchange/requests?status=open&limit=1000")).RootElement;
        var request = inbox.EnumerateArray().Single(r => r.GetProperty("applicationId").GetGuid() == id);
        Assert.Equal(dueAt, request.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task an_investigation_body_gets_an_urgent_form2_with_the_conviction_that_only_it_may_see_and_download()
    {
        var person = await desk.Convicted("31/2025/HS-ST");
        var police = Police();

        var (id, accepted) = await desk.Apply(police, AgencyForm2(person, urgent: true), Key());

        Assert.Equal(0, accepted.GetProperty("feeVnd").GetInt64());
        var filed = await desk.Get(id, police);
        Assert.Equal("proceduralAgency", filed.GetProperty("requesterKind").GetString());
        Assert.True(filed.GetProperty("urgent").GetBoolean());
        Assert.Equal(Agencies.Police, filed.GetProperty("requestingAgency").GetProperty("code").GetString());
        Assert.Equal("investigation", filed.GetProperty("requestingAgency").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, filed.GetProperty("applicant").ValueKind);
        var submittedAt = filed.GetProperty("submittedAt").GetDateTimeOffset();
        Assert.Equal(submittedAt.AddHours(24), filed.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(submittedAt.AddHours(24), accepted.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(submittedAt, filed.GetProperty("completeAt").GetDateTimeOffset());

        var issued = await desk.WaitFor(id, "issued");
        var types = issued.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["applicationSubmitted", "identityConfirmed", "applicationChecked", "applicationApproved", "certificateIssued"], types);
        var submittedBy = issued.GetProperty("timeline")[0].GetProperty("by");
        Assert.Equal("police", submittedBy.GetProperty("role").GetString());
        Assert.Equal(Agencies.Police, submittedBy.GetProperty("userId").GetString());

        var download = await police.GetAsync($"/api/v1/applications/{id}/certificate");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var text = PdfText(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2", text);
        Assert.Contains($"Cơ quan yêu cầu: Cơ quan điều tra {Agencies.Police}", text);
        Assert.Contains($"Văn bản yêu cầu: Số 125/CV-CSĐT ngày {LetterDate:dd/MM/yyyy}", text);
        Assert.Contains("Tình trạng án tích: Có án tích", text);
        Assert.Contains("Bản án số 31/2025/HS-ST", text);
        // Nor does the person learn of it from their record-access list, though the read is recorded.
        var reads = await desk.As(person).GetFromJsonAsync<JsonElement>("/api/v1/me/record-access");
        Assert.DoesNotContain(reads.EnumerateArray(), r => r.GetProperty("view").GetString() == "certificate");
        await using (var query = api.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var recorded = await query.Query<Features.Records.RecordAccess>()
                .Where(a => a.PersonalId == person.PersonalId && a.View == "certificate").ToListAsync();
            Assert.Equal(Agencies.Police, Assert.Single(recorded, a => a.Confidential).Agency);
        }

        var mine = await police.GetFromJsonAsync<JsonObject>("/api/v1/applications");
        Assert.Contains(id, mine!["applications"]!.AsArray().Select(a => a!["applicationId"]!.GetValue<Guid>()));

        // Another investigation body, a court with the same code, and the person asked about see nothing.
        foreach (var other in new[] { Police("CA-HCM"), api.ClientAs("court", Agencies.Police), desk.As(person) })
        {
            await (await other.GetAsync($"/api/v1/applications/{id}")).AssertProblem(HttpStatusCode.NotFound);
            await (await other.GetAsync($"/api/v1/applications/{id}/certificate")).AssertProblem(HttpStatusCode.NotFound);
        }
        var theirs = await Police("CA-HCM").GetFromJsonAsync<JsonObject>("/api/v1/applications");
        Assert.DoesNotContain(id, theirs!["applications"]!.AsArray().Select(a => a!["applicationId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task a_clerk_files_a_procuracys_letter_received_at_the_counter_free_of_charge_with_ten_days()
    {
        var person = await desk.Registered(Citizen.Adult(25, female: true));

        var (id, accepted) = await desk.Apply(desk.Clerk, AgencyForm2(person, delivery: "counter", change: b =>
            b["requestingAgency"] = Letter("VKS-DNA", "procuracy", name: "Viện kiểm sát nhân dân tỉnh Đồng Nai")));

        Assert.Equal(0, accepted.GetProperty("feeVnd").GetInt64());
        var issued = await desk.WaitFor(id, "issued");
        var submittedAt = issued.GetProperty("submittedAt").GetDateTimeOffset();
        var vietnamDay = DateOnly.FromDateTime(submittedAt.ToOffset(TimeSpan.FromHours(7)).DateTime);
        Assert.True(DateOnly.Parse(issued.GetProperty("dueDate").GetString()!) >= vietnamDay.AddDays(10));
        Assert.False(issued.GetProperty("urgent").GetBoolean());
        Assert.Equal("exempt", issued.GetProperty("feeCategory").GetString());
        Assert.Equal("readyForCollection", issued.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal("clerk", issued.GetProperty("timeline")[0].GetProperty("by").GetProperty("role").GetString());
        Assert.Equal("VKS-DNA", issued.GetProperty("requestingAgency").GetProperty("code").GetString());

        var text = PdfText(await (await desk.Clerk.GetAsync($"/api/v1/applications/{id}/certificate")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Cơ quan yêu cầu: Viện kiểm sát nhân dân tỉnh Đồng Nai", text);
        Assert.Contains("Tình trạng án tích: Không có án tích", text);
        await (await Police().GetAsync($"/api/v1/applications/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task form1_asked_by_an_agency_is_refused_naming_the_form_type()
    {
        var person = await desk.Registered(Citizen.Adult());

        var response = await File(Police(), AgencyForm2(person, change: b => b["formType"] = 1));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("formType", out _), problem.ToString());
    }

    [Fact]
    public async Task an_agency_letter_without_number_or_date_is_refused_naming_both()
    {
        var person = await desk.Registered(Citizen.Adult());
        var letter = new JsonObject { ["code"] = Agencies.Police, ["kind"] = "investigation" };

        var response = await File(Police(), AgencyForm2(person, change: b => b["requestingAgency"] = letter));

        var errors = (await response.AssertProblem(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("requestingAgency.documentNumber", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("requestingAgency.documentDate", out _), errors.ToString());
    }

    [Fact]
    public async Task urgent_handling_asked_by_an_applicant_is_refused_naming_urgent()
    {
        var person = await desk.Registered(Citizen.Adult());

        var response = await desk.As(person).PostAsJsonAsync("/api/v1/applications",
            Desk.Form1(person, b => { b["formType"] = 2; b["urgent"] = true; }));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("urgent", out _), problem.ToString());
    }

    [Fact]
    public async Task an_agency_token_files_only_for_its_own_agency_and_an_applicant_never_for_one()
    {
        var person = await desk.Registered(Citizen.Adult());

        var refused = new (HttpClient Client, JsonObject Body)[]
        {
            (Police(), AgencyForm2(person, change: b => b["requestingAgency"] = Letter("CA-HCM", "investigation"))),
            (Police(), AgencyForm2(person, change: b => b["requestingAgency"] = Letter(Agencies.Police, "procuracy"))),
            (api.ClientAs("court", Agencies.Court), AgencyForm2(person, change: b => b["requestingAgency"] = Letter(Agencies.Court, "investigation"))),
            (Police(), Desk.Form1(person)),
            (desk.As(person), AgencyForm2(person)),
        };
        foreach (var (client, body) in refused)
            await (await File(client, body)).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal(0, await desk.FiledAbout(person));
        var (_, accepted) = await desk.Apply(api.ClientAs("court", Agencies.Court),
            AgencyForm2(person, change: b => b["requestingAgency"] = Letter(Agencies.Court, "court")), Key());
        Assert.Equal(0, accepted.GetProperty("feeVnd").GetInt64());
    }

    [Fact]
    public async Task an_agency_request_is_filed_once_per_idempotency_key()
    {
        var person = await desk.Registered(Citizen.Adult());
        var police = Police();
        var body = AgencyForm2(person, urgent: true);
        var key = Key();

        var missing = await police.PostAsJsonAsync("/api/v1/applications", body);
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => File(police, body, key)));
        var changed = await File(police, AgencyForm2(person), key);

        var problem = await missing.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a =>
            JsonDocument.Parse(await a.Content.ReadAsStringAsync()).RootElement.GetProperty("applicationId").GetGuid()));
        Assert.Single(ids.Distinct());
        // Replays are the first answer again, its ETag included (the payment's If-Match needs it).
        Assert.All(answers, a => Assert.Equal(answers[0].Headers.ETag, a.Headers.ETag));
        Assert.NotNull(answers[0].Headers.ETag);
        await changed.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(1, await desk.FiledAbout(person));
    }

    [Fact]
    public async Task an_identity_the_register_does_not_confirm_is_422_and_nothing_is_filed()
    {
        var person = await desk.Registered(Citizen.Adult(33));
        var stranger = Citizen.Adult(33);

        var mismatch = await File(Police(),
            AgencyForm2(person with { FullName = "Trần Thị Ánh Khác" }, urgent: true));
        var unknown = await File(Police(), AgencyForm2(stranger, urgent: true));

        var problem = await mismatch.AssertProblem(HttpStatusCode.UnprocessableEntity, ApplicationEndpoints.IdentityMismatch);
        Assert.True(problem.GetProperty("errors").TryGetProperty("subject.fullName", out _), problem.ToString());
        problem = await unknown.AssertProblem(HttpStatusCode.UnprocessableEntity, ApplicationEndpoints.IdentityUnknown);
        Assert.True(problem.GetProperty("errors").TryGetProperty("subject.personalId", out _), problem.ToString());
        Assert.Equal(0, await desk.FiledAbout(person));
        Assert.Equal(0, await desk.FiledAbout(stranger));
    }

    internal static string Key() => Guid.NewGuid().ToString();

    /// <summary>Files <paramref name="body"/> as an agency does: with an Idempotency-Key of its own unless given one.</summary>
    static Task<HttpResponseMessage> File(HttpClient client, JsonObject body, string? key = null) =>
        Agencies.Post(client, "/api/v1/applications", body, key ?? Key());

    /// <summary>Yesterday: a letter dated in the past whatever the machine's time zone.</summary>
    internal static readonly DateOnly LetterDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1); // once: a run may cross midnight

    [Fact]
    public async Task a_certificate_sent_by_post_is_addressed_to_the_agency_not_to_the_person()
    {
        var person = await desk.Registered(Citizen.Adult(26));

        var (id, _) = await desk.Apply(desk.Clerk, AgencyForm2(person, delivery: "post", change: b =>
        {
            b["requestingAgency"] = Letter("VKS-DNA", "procuracy", name: "Viện kiểm sát nhân dân tỉnh Đồng Nai");
            b["delivery"]!["address"] = "Số 1 đường 30/4, Biên Hòa, Đồng Nai";
        }));
        await desk.WaitFor(id, "issued");

        // The delivery is opened by the subscription that follows issued certificates.
        var store = api.Services.GetRequiredService<IDocumentStore>();
        DeliveryTracking? delivery = null;
        for (var i = 0; i < 600 && delivery is null; i++) // up to 60 s, as every wait on the asynchronous daemon
        {
            await using var session = store.QuerySession();
            delivery = await session.LoadAsync<DeliveryTracking>(DeliveryTracking.KeyOf(id));
            if (delivery is null) await Task.Delay(100);
        }
        Assert.NotNull(delivery);
        Assert.Equal("Viện kiểm sát nhân dân tỉnh Đồng Nai", delivery.State.Recipient);
        Assert.Equal("Số 1 đường 30/4, Biên Hòa, Đồng Nai", delivery.State.Address);
        Assert.DoesNotContain(person.FullName, delivery.State.Recipient);
    }

    internal static JsonObject Letter(string code, string kind, string? name = null) => new()
    {
        ["code"] = code,
        ["kind"] = kind,
        ["name"] = name,
        ["documentNumber"] = "125/CV-CSĐT",
        ["documentDate"] = LetterDate.ToString("yyyy-MM-dd"),
    };

    /// <summary>Form 2 asked by Đồng Nai's investigation police (CA-DNA) about <paramref name="subject"/>.</summary>
    internal static JsonObject AgencyForm2(Citizen subject, bool urgent = false, string delivery = "electronic", Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["formType"] = 2,
            ["subject"] = subject.Json(),
            ["requestingAgency"] = Letter(Agencies.Police, "investigation"),
            ["purpose"] = "Phục vụ điều tra vụ án hình sự",
            ["urgent"] = urgent,
            ["delivery"] = new JsonObject { ["method"] = delivery },
        };
        change?.Invoke(body);
        return body;
    }
}

/// <summary>Instant issuance off and a clock the test moves: an urgent request waits for an approver while its 24 hours run.</summary>
public sealed class UrgentDeadlineTests(ConfiguredApplicationsApiFactory api) : IClassFixture<ConfiguredApplicationsApiFactory>
{
    readonly Desk desk = new(api);

    // Tuesday 3 November 2026, 15:41 in Vietnam.
    static readonly DateTimeOffset FiledAt = new(2026, 11, 3, 15, 41, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task an_urgent_request_heads_the_clerks_queue_and_is_overdue_24_hours_after_filing_to_the_minute()
    {
        // Under 16 in 2010: no police files to ask.
        var person = await desk.Registered(Citizen.Adult(30));
        var police = api.ClientAs("police", Agencies.Police);
        var clerk = desk.Clerk;
        api.Clock.Now = FiledAt.AddMinutes(-30);
        try
        {
            var (standard, _) = await desk.Apply(police, ProceduralAgencyTests.AgencyForm2(person, change: DatedMonday), ProceduralAgencyTests.Key());
            api.Clock.Now = FiledAt;
            var (urgent, accepted) = await desk.Apply(police, ProceduralAgencyTests.AgencyForm2(person, urgent: true, change: DatedMonday), ProceduralAgencyTests.Key());
            Assert.Equal(FiledAt.AddHours(24), accepted.GetProperty("dueAt").GetDateTimeOffset());
            Assert.Equal("2026-11-04", accepted.GetProperty("dueDate").GetString());

            var waiting = await desk.Get(urgent, clerk);
            Assert.Equal("awaitingDecision", waiting.GetProperty("status").GetString());
            var queue = await Queue(clerk);
            Assert.Equal(urgent, queue[0].Id);
            Assert.True(queue.FindIndex(i => i.Id == urgent) < queue.FindIndex(i => i.Id == standard));
            Assert.True(queue[0].Urgent);

            api.Clock.Now = FiledAt.AddHours(24).AddMinutes(-1);
            Assert.False((await desk.Get(urgent, clerk)).GetProperty("overdue").GetBoolean());
            Assert.DoesNotContain(await Queue(clerk), i => i.Overdue);

            api.Clock.Now = FiledAt.AddHours(24);
            Assert.True((await desk.Get(urgent, clerk)).GetProperty("overdue").GetBoolean());
            var late = await Queue(clerk);
            Assert.True(late.Single(i => i.Id == urgent).Overdue);
            Assert.False(late.Single(i => i.Id == standard).Overdue);
        }
        finally
        {
            api.Clock.Now = null;
        }
    }

    static void DatedMonday(JsonObject body) => body["requestingAgency"]!["documentDate"] = "2026-11-02";

    static async Task<List<(Guid Id, bool Urgent, bool Overdue)>> Queue(HttpClient clerk)
    {
        var queue = await clerk.GetFromJsonAsync<JsonObject>("/api/v1/applications?status=awaitingDecision&limit=1000");
        return [.. queue!["applications"]!.AsArray().Select(a =>
            (a!["applicationId"]!.GetValue<Guid>(), a["urgent"]!.GetValue<bool>(), a["overdue"]!.GetValue<bool>()))];
    }
}
