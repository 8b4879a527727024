using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.AgencyRequests;
using JudicialRecords.Api.Features.AgencyRequests.Simulation;
using JudicialRecords.Api.Tests.Applications;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Applications;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.AgencyRequests;

public sealed class AgencyRequestTests(AgencyRequestsApiFactory api, ITestOutputHelper output) : IClassFixture<AgencyRequestsApiFactory>
{
    readonly Exchange3 exchange = new(api);
    readonly Agencies agencies = new(api);
    Desk Desk => exchange.Desk;

    static List<string> Timeline(JsonElement application) =>
        [.. application.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    [Fact]
    public async Task a_person_born_in_1975_gets_a_police_request_and_the_application_waits_for_it_with_fifteen_days()
    {
        var person = await exchange.BornIn(1975);

        var id = await exchange.ApplyAndPay(person);

        var application = await Desk.Get(id);
        Assert.Equal("needsVerification", application.GetProperty("status").GetString());
        Assert.Equal(["applicationSubmitted", "identityConfirmed", "paymentReceived", "applicationChecked", "verificationRequested"], Timeline(application));
        var completeOn = DateOnly.FromDateTime(application.GetProperty("completeAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(7)).DateTime);
        Assert.True(DateOnly.Parse(application.GetProperty("dueDate").GetString()!) >= completeOn.AddDays(15));

        var request = await Exchange3.RequestFor(exchange.PoliceClient, id);
        Assert.Equal(Exchange3.Police, request.GetProperty("agency").GetString());
        Assert.Equal(person.PersonalId, request.GetProperty("personalId").GetString());
        Assert.Equal(person.FullName, request.GetProperty("person").GetProperty("fullName").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("policeFiles", request.GetProperty("agencyKind").GetString());
        Assert.True(DateOnly.Parse(request.GetProperty("dueDate").GetString()!) > completeOn);
        Assert.Contains(await Exchange3.Inbox(Desk.Clerk), r => r.GetProperty("applicationId").GetGuid() == id);
    }

    [Fact]
    public async Task the_police_simulator_answers_no_record_and_a_signed_certificate_follows_and_the_person_is_not_asked_again()
    {
        var person = await exchange.BornIn(1975);
        var clock = Stopwatch.StartNew();
        var id = await exchange.ApplyAndPay(person);

        var issued = await exchange.RunUntil(id, "issued", exchange.Simulator(SimulatedAgency.Police));
        output.WriteLine($"From payment to issued certificate with the police simulator polling every 50 ms: {clock.ElapsedMilliseconds} ms.");

        Assert.Equal(["applicationSubmitted", "identityConfirmed", "paymentReceived", "applicationChecked", "verificationRequested",
            "verificationAnswered", "applicationApproved", "certificateIssued"], Timeline(issued));
        var pdf = await (await Desk.As(person).GetAsync($"/api/v1/applications/{id}/certificate")).Content.ReadAsByteArrayAsync();
        Assert.Contains("Không có án tích", PdfText(pdf));
        Assert.Equal("answered", (await Exchange3.RequestFor(exchange.PoliceClient, id, "answered")).GetProperty("status").GetString());

        var again = await exchange.ApplyAndPay(person);
        Assert.DoesNotContain("verificationRequested", Timeline(await Desk.WaitFor(again, "issued")));
    }

    [Fact]
    public async Task a_2008_conviction_found_in_the_police_files_enters_the_record_expunged_and_is_printed_on_form2()
    {
        var person = await exchange.BornIn(1975);
        var id = await exchange.ApplyAndPay(person, form: 2);

        await exchange.RunUntil(id, "issued",
            exchange.Simulator(SimulatedAgency.Police, Exchange3.Files(person.PersonalId, null, Exchange3.Theft2008())));

        var record = await agencies.Record(person.PersonalId, DateOnly.FromDateTime(DateTime.Today));
        var conviction = Assert.Single(record.GetProperty("convictions").EnumerateArray());
        Assert.Equal("112/2008/HSST", conviction.GetProperty("judgmentNumber").GetString());
        Assert.Equal("expunged", conviction.GetProperty("status").GetString());
        var expungedOn = DateOnly.Parse(conviction.GetProperty("expungedOn").GetString()!);
        Assert.Equal(new DateOnly(2012, 3, 1), expungedOn);
        Assert.Equal("active", await agencies.Status(person.PersonalId, conviction.GetProperty("convictionId").GetGuid(), new DateOnly(2011, 1, 1)));

        var history = await (await Desk.Clerk.GetAsync($"/api/v1/records/{person.PersonalId}/history")).Content.ReadAsStringAsync();
        Assert.All(JsonDocument.Parse(history).RootElement.GetProperty("events").EnumerateArray(),
            e => Assert.Equal(Exchange3.Police, e.GetProperty("source").GetString()));

        var pdf = await (await Desk.As(person).GetAsync($"/api/v1/applications/{id}/certificate")).Content.ReadAsByteArrayAsync();
        var text = PdfText(pdf);
        Assert.Contains("112/2008/HSST", text);
        Assert.Contains($"Đã được xóa án tích ngày {expungedOn:dd/MM/yyyy}", text);
    }

    [Fact]
    public async Task a_referral_to_the_court_sends_a_second_request_that_the_court_simulator_answers()
    {
        var person = await exchange.BornIn(1970);
        var files = Exchange3.Files(person.PersonalId, VerificationOutcome.ReferToCourt, Exchange3.Theft2008("45/2008/HSST"));
        var id = await exchange.ApplyAndPay(person);

        var issued = await exchange.RunUntil(id, "issued",
            exchange.Simulator(SimulatedAgency.Police, files), exchange.Simulator(SimulatedAgency.Court, files));

        Assert.Equal(2, Timeline(issued).Count(t => t == "verificationAnswered"));
        var courtRequest = await Exchange3.RequestFor(exchange.CourtClient, id, "answered");
        Assert.Equal("recordFound", courtRequest.GetProperty("outcome").GetString());
        Assert.Equal("court", courtRequest.GetProperty("agencyKind").GetString());
        var record = await agencies.Record(person.PersonalId, DateOnly.FromDateTime(DateTime.Today));
        Assert.Equal("45/2008/HSST", Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("judgmentNumber").GetString());
    }

    [Fact]
    public async Task an_agency_can_neither_see_nor_answer_another_agencys_requests()
    {
        var person = await exchange.BornIn(1975);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();

        Assert.DoesNotContain(await Exchange3.Inbox(exchange.CourtClient), r => r.GetProperty("applicationId").GetGuid() == id);
        var otherPolice = api.ClientAs("police", "CA-HCM");
        Assert.DoesNotContain(await Exchange3.Inbox(otherPolice), r => r.GetProperty("applicationId").GetGuid() == id);

        await (await Exchange3.Answer(exchange.CourtClient, requestId, Exchange3.NoRecord(), "court-1")).AssertProblem(HttpStatusCode.NotFound);
        await (await Exchange3.Answer(otherPolice, requestId, Exchange3.NoRecord(), "hcm-1")).AssertProblem(HttpStatusCode.NotFound);
        await (await Exchange3.Answer(Desk.Clerk, requestId, Exchange3.NoRecord(), "clerk-1")).AssertProblem(HttpStatusCode.Forbidden);
        await (await Desk.As(person).GetAsync("/api/v1/exchange/requests")).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal("needsVerification", (await Desk.Get(id)).GetProperty("status").GetString());
        Assert.Equal("open", (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task an_answer_to_a_request_whose_application_was_rejected_meanwhile_is_taken_and_closes_the_request()
    {
        var person = await exchange.BornIn(1971);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Desk.Decide(Desk.Approver(), id, "reject", "Người yêu cầu rút hồ sơ")).StatusCode);

        var answer = await Exchange3.Answer(exchange.PoliceClient, requestId, Exchange3.NoRecord(), "answer-after-rejection");

        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await Exchange3.Inbox(exchange.PoliceClient), r => r.GetProperty("requestId").GetGuid() == requestId);
        Assert.Equal("rejected", (await Desk.Get(id)).GetProperty("status").GetString());
        // The clean pre-2010 file stands: the person's next request is not sent to the police again.
        var again = await exchange.ApplyAndPay(person);
        Assert.DoesNotContain("verificationRequested", Timeline(await Desk.WaitFor(again, "issued")));
    }

    /// <summary>Domain reference §3 (Art. 70) and §5 (expungement to verify: 15 days).</summary>
    [Fact]
    public async Task a_penalty_whose_completion_was_never_reported_is_verified_and_the_completion_found_expunges_it()
    {
        // Under 16 in July 2010: the police files are not asked for the person's age.
        var born = new DateOnly(1996, 3, 4);
        var person = await Desk.Registered(new Citizen(Agencies.PersonalId(born), "Phạm Văn Đức", born));
        var judgment = Agencies.Judgment(person.PersonalId, born, new DateOnly(2016, 5, 10), prisonMonths: 24, number: "31/2016/HS-ST");
        await agencies.PushJudgment(judgment);

        var id = await exchange.ApplyAndPay(person);

        // Two years' prison from 2016 would have ended by 2018, yet no release was reported: no "Có án tích" unverified.
        var application = await Desk.Get(id);
        Assert.Equal("needsVerification", application.GetProperty("status").GetString());
        var completeOn = DateOnly.FromDateTime(application.GetProperty("completeAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(7)).DateTime);
        Assert.True(DateOnly.Parse(application.GetProperty("dueDate").GetString()!) >= completeOn.AddDays(15));
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();

        var released = (JsonObject)judgment.DeepClone();
        released["completedOn"] = "2018-01-20";
        var answered = await Exchange3.Answer(exchange.PoliceClient, requestId, new JsonObject
        {
            ["outcome"] = "recordFound", ["documentNumber"] = "12/GCN-TG", ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
            ["convictions"] = new JsonArray(released),
        }, "release-1");
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());

        // Released 2018-01-20, two years' wait (Art. 70(2)(b)): expunged 2020-01-20, and the service issues at once.
        var conviction = Assert.Single((await agencies.Record(person.PersonalId, DateOnly.FromDateTime(DateTime.Today))).GetProperty("convictions").EnumerateArray());
        Assert.Equal("expunged", conviction.GetProperty("status").GetString());
        Assert.Equal("2020-01-20", conviction.GetProperty("expungedOn").GetString());
        await Desk.WaitFor(id, "issued");
    }

    /// <summary>Domain reference §8: a person found clean before 2010 once need not be checked again.</summary>
    [Fact]
    public async Task a_person_found_clean_once_goes_to_an_approver_for_a_conviction_only_a_court_expunges_and_to_the_police_for_an_unreported_release()
    {
        var person = await exchange.BornIn(1980);
        var first = await exchange.ApplyAndPay(person);
        var firstRequest = (await Exchange3.RequestFor(exchange.PoliceClient, first)).GetProperty("requestId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Exchange3.Answer(exchange.PoliceClient, firstRequest, Exchange3.NoRecord(), $"clean-{first:N}")).StatusCode);
        await Desk.WaitFor(first, "issued");

        // Since then: a national-security conviction (Art. 117, chapter XIII), served, which only a court decision expunges
        // (Art. 71). The police files cannot settle that: asking them again only delays the approver.
        var security = Agencies.Judgment(person.PersonalId, person.DateOfBirth, new DateOnly(2019, 1, 10), prisonMonths: 12, number: "8/2019/HS-ST");
        security["offences"] = new JsonArray(new JsonObject { ["article"] = "117", ["name"] = "Tuyên truyền chống Nhà nước" });
        var conviction = await agencies.PushJudgment(security);
        await agencies.SentenceEvent(person.PersonalId, conviction, "principalPenaltyCompleted", new DateOnly(2020, 1, 25));

        var second = await exchange.ApplyAndPay(person);

        var waiting = await Desk.Get(second);
        Assert.Equal("awaitingDecision", waiting.GetProperty("status").GetString());
        Assert.DoesNotContain("verificationRequested", Timeline(waiting));
        Assert.Contains("Art. 71", waiting.GetProperty("checkNote").GetString());

        // A sentence that would have been served long ago but whose release was never reported is what the police keep:
        // they are asked about it, checked before or not.
        await agencies.PushJudgment(Agencies.Judgment(person.PersonalId, person.DateOfBirth, new DateOnly(2016, 5, 10), prisonMonths: 24, number: "31/2016/HS-ST"));

        var third = await exchange.ApplyAndPay(person);

        Assert.Equal("needsVerification", (await Desk.Get(third)).GetProperty("status").GetString());
        Assert.Equal("open", (await Exchange3.RequestFor(exchange.PoliceClient, third)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task an_answer_document_sent_again_to_another_person_s_request_is_refused()
    {
        var first = await exchange.ApplyAndPay(await exchange.BornIn(1971));
        var second = await exchange.ApplyAndPay(await exchange.BornIn(1973));
        var firstRequest = (await Exchange3.RequestFor(exchange.PoliceClient, first)).GetProperty("requestId").GetGuid();
        var secondRequest = (await Exchange3.RequestFor(exchange.PoliceClient, second)).GetProperty("requestId").GetGuid();
        var clean = Exchange3.NoRecord("501/CV-PV06");
        Assert.Equal(HttpStatusCode.OK, (await Exchange3.Answer(exchange.PoliceClient, firstRequest, clean, "doc-1")).StatusCode);

        // The same signed body replayed onto another request under a new key would declare that person clean too.
        var replayed = await Exchange3.Answer(exchange.PoliceClient, secondRequest, clean, "doc-2");

        await replayed.AssertProblem(HttpStatusCode.Conflict, AgencyRequestEndpoints.DocumentUsed);
        Assert.Equal("open", (await Exchange3.RequestFor(exchange.PoliceClient, second)).GetProperty("status").GetString());
    }

    /// <summary>A person born in <paramref name="born"/> applies and pays; the police files answer with <paramref name="conviction"/>.</summary>
    async Task<(Citizen Person, HttpResponseMessage Answered)> PoliceFind(int born, JsonObject conviction, string documentNumber)
    {
        var person = await exchange.BornIn(born);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();
        var answer = new JsonObject
        {
            ["outcome"] = "recordFound", ["documentNumber"] = documentNumber,
            ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
            ["convictions"] = new JsonArray(conviction),
        };
        return (person, await Exchange3.Answer(exchange.PoliceClient, requestId, answer, $"answer-{documentNumber}"));
    }

    [Fact]
    public async Task a_court_named_as_written_in_the_police_files_is_recorded_as_the_court_and_reconciles_with_it()
    {
        var found = Exchange3.Theft2008("61/2008/HSST");
        found["court"] = "TAND tỉnh Đồng Nai";
        var (person, answered) = await PoliceFind(1969, found, "61/CV-PV06");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        var record = await agencies.Record(person.PersonalId, DateOnly.FromDateTime(DateTime.Today));
        Assert.Equal(Exchange3.Court, Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("court").GetString());
        // The court's quarterly list names it: held, not missing here.
        var listed = new JsonObject
        {
            ["court"] = Exchange3.Court, ["from"] = "2008-01-01", ["to"] = "2008-03-31",
            ["judgments"] = new JsonArray(new JsonObject { ["judgmentNumber"] = "61/2008/HSST", ["judgmentDate"] = "2008-03-10", ["personalId"] = person.PersonalId }),
        };
        var reconciled = await Agencies.Post(api.ClientAs("court", Exchange3.Court), "/api/v1/exchange/reconciliation", listed, Guid.NewGuid().ToString());
        var body = JsonDocument.Parse(await reconciled.Content.ReadAsStringAsync()).RootElement;
        Assert.True(reconciled.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Empty(body.GetProperty("missingHere").EnumerateArray());
    }

    [Fact]
    public async Task a_police_file_may_report_a_conviction_exempted_from_punishment_which_leaves_no_record()
    {
        var exempted = Exchange3.Theft2008("62/2008/HSST");
        exempted.Remove("principalPenalty");
        exempted.Remove("completedOn");
        exempted["exemptedFromPunishment"] = true;

        var (person, answered) = await PoliceFind(1967, exempted, "62/CV-PV06");

        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        // Art. 69(2): no record; the judgment is in the history all the same.
        Assert.Empty((await agencies.Record(person.PersonalId, DateOnly.FromDateTime(DateTime.Today))).GetProperty("convictions").EnumerateArray());
    }

    [Fact]
    public async Task a_replayed_answer_returns_the_first_answer_and_changes_nothing()
    {
        var person = await exchange.BornIn(1968);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();
        var answer = new JsonObject
        {
            ["outcome"] = "recordFound", ["documentNumber"] = "9/CV-PV06", ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
            ["convictions"] = new JsonArray(Exchange3.Theft2008("7/2008/HSST")),
        };

        var first = await Exchange3.Answer(exchange.PoliceClient, requestId, answer, "answer-1");
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        var replay = await Exchange3.Answer(exchange.PoliceClient, requestId, answer, "answer-1");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        // The same answer laid out by another client (indented, its members in another order) is the same request.
        var reordered = new JsonObject(answer.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        using (var relaid = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/exchange/requests/{requestId}/answer"))
        {
            relaid.Content = new StringContent(reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), Encoding.UTF8, "application/json");
            relaid.Headers.Add("Idempotency-Key", "answer-1");
            var again = await exchange.PoliceClient.SendAsync(relaid);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        }

        await (await Exchange3.Answer(exchange.PoliceClient, requestId, Exchange3.NoRecord(), "answer-1"))
            .AssertProblem(HttpStatusCode.Conflict, "urn:judicialrecords:problem:idempotency-conflict");
        await (await Exchange3.Answer(exchange.PoliceClient, requestId, answer, "answer-2"))
            .AssertProblem(HttpStatusCode.Conflict, AgencyRequestEndpoints.AlreadyAnswered);
        await (await Exchange3.Answer(exchange.PoliceClient, requestId, answer, null)).AssertProblem(HttpStatusCode.BadRequest);

        var record = await agencies.Record(person.PersonalId, DateOnly.FromDateTime(DateTime.Today));
        Assert.Single(record.GetProperty("convictions").EnumerateArray());
        var application = await Desk.WaitFor(id, "issued");
        Assert.Single(Timeline(application), t => t == "verificationAnswered");
    }

    [Fact]
    public async Task an_invalid_answer_names_the_field_and_writes_nothing()
    {
        var person = await exchange.BornIn(1975);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();
        var bad = Exchange3.Theft2008();
        bad["offences"]![0]!["article"] = "999";

        var noConvictions = await Exchange3.Answer(exchange.PoliceClient, requestId,
            new JsonObject { ["outcome"] = "recordFound", ["documentNumber"] = "1/CV", ["documentDate"] = "2025-01-02" }, "bad-1");
        var problem = await noConvictions.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("convictions", out _), problem.ToString());
        var badArticle = await Exchange3.Answer(exchange.PoliceClient, requestId, new JsonObject
        {
            ["outcome"] = "recordFound", ["documentNumber"] = "1/CV", ["documentDate"] = "2025-01-02", ["convictions"] = new JsonArray(bad),
        }, "bad-2");
        problem = await badArticle.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("convictions[0].offences[0].article", out _), problem.ToString());
        // Like every JSON body: an unknown outcome names the field, and a body not declared as JSON is 415.
        var maybe = await Exchange3.Answer(exchange.PoliceClient, requestId,
            new JsonObject { ["outcome"] = "maybe", ["documentNumber"] = "1/CV", ["documentDate"] = "2025-01-02" }, "bad-4");
        problem = await maybe.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:malformed-json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcome", out _), problem.ToString());
        using (var untyped = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/exchange/requests/{requestId}/answer")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Exchange3.NoRecord().ToJsonString())),
        })
        {
            untyped.Headers.Add("Idempotency-Key", "bad-5");
            await (await exchange.PoliceClient.SendAsync(untyped)).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        }
        // An answer dated before the request was sent is no search made for it (a reused form): it would settle the
        // person's pre-2010 files for good.
        var oldForm = await Exchange3.Answer(exchange.PoliceClient, requestId,
            new JsonObject { ["outcome"] = "noRecord", ["documentNumber"] = "1/CV", ["documentDate"] = "2025-01-02" }, "bad-3");
        problem = await oldForm.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("documentDate", out _), problem.ToString());

        Assert.Equal("open", (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("status").GetString());
        Assert.Equal(0, await agencies.HistoryCount(person.PersonalId));
        // The keys of refused answers are free: the corrected answer goes through under the same key.
        Assert.Equal(HttpStatusCode.OK, (await Exchange3.Answer(exchange.PoliceClient, requestId, Exchange3.NoRecord(), "bad-1")).StatusCode);
    }

    [Fact]
    public async Task once_the_police_answer_is_overdue_an_approver_decides_without_it_and_the_late_answer_is_still_taken()
    {
        var person = await exchange.BornIn(1974);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();
        // Clients first: tokens minted on the moved clock would not be valid yet.
        var approver = Desk.Approver();
        var clerk = Desk.Clerk;
        var police = exchange.PoliceClient;

        // Not due yet: the police still have their working days.
        await (await Desk.Decide(approver, id, "approve", "Công an chưa trả lời")).AssertProblem(HttpStatusCode.Conflict);

        api.Clock.Now = DateTimeOffset.UtcNow.AddDays(30);
        try
        {
            await (await Desk.Decide(approver, id, "approve")).AssertProblem(HttpStatusCode.BadRequest);
            var approved = await Desk.Decide(approver, id, "approve", "Công an không trả lời đúng hạn");
            Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
            var until = DateTime.UtcNow.AddSeconds(60);
            JsonElement issued;
            while ((issued = await Desk.Get(id, clerk)).GetProperty("status").GetString() != "issued" && DateTime.UtcNow < until) await Task.Delay(100);
            Assert.Equal("issued", issued.GetProperty("status").GetString());
            Assert.Contains(issued.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "verificationWaived");
            Assert.Equal("Công an không trả lời đúng hạn", issued.GetProperty("verificationWaivedReason").GetString());

            var late = await Exchange3.Answer(police, requestId, Exchange3.NoRecord(), "late-1");
            Assert.True(late.StatusCode == HttpStatusCode.OK, await late.Content.ReadAsStringAsync());
            Assert.Equal("answered", (await Exchange3.RequestFor(police, id, "answered")).GetProperty("status").GetString());
            Assert.Equal("issued", (await Desk.Get(id, clerk)).GetProperty("status").GetString());
        }
        finally
        {
            api.Clock.Now = null;
        }
    }

    [Fact]
    public async Task a_late_answer_finding_a_conviction_after_a_clean_certificate_flags_it_for_an_approver_who_revokes_it()
    {
        var person = await exchange.BornIn(1980);
        var me = Desk.As(person);
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, id)).GetProperty("requestId").GetGuid();
        var approver = Desk.Approver();
        var clerk = Desk.Clerk;
        var police = exchange.PoliceClient;

        api.Clock.Now = DateTimeOffset.UtcNow.AddDays(30);
        string number;
        try
        {
            var approved = await Desk.Decide(approver, id, "approve", "Công an không trả lời đúng hạn");
            Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
            var until = DateTime.UtcNow.AddSeconds(60);
            JsonElement issued;
            while ((issued = await Desk.Get(id, clerk)).GetProperty("status").GetString() != "issued" && DateTime.UtcNow < until) await Task.Delay(100);
            number = issued.GetProperty("certificateNumber").GetString()!;
            Assert.Contains("Không có án tích", PdfText(await (await me.GetAsync($"/api/v1/applications/{id}/certificate")).Content.ReadAsByteArrayAsync()));

            // The police then find a 2008 judgment whose sentence was never reported served: still active, so Form 1 prints it.
            var unserved = Exchange3.Theft2008("77/2008/HSST");
            unserved.Remove("completedOn");
            var late = await Exchange3.Answer(police, requestId, new JsonObject
            {
                ["outcome"] = "recordFound", ["documentNumber"] = "88/CV-PV06",
                ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
                ["convictions"] = new JsonArray(unserved),
            }, "late-found-1");
            Assert.True(late.StatusCode == HttpStatusCode.OK, await late.Content.ReadAsStringAsync());

            // Nobody revoked anything: the certificate stands until a person decides.
            Assert.Equal("valid", (await clerk.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{number}")).GetProperty("status").GetString());
            var flagged = await Desk.Get(id, clerk);
            Assert.Equal("issued", flagged.GetProperty("status").GetString());
            Assert.True(flagged.GetProperty("contradicted").GetBoolean());
            var contradiction = Assert.Single(flagged.GetProperty("contradictedBy").EnumerateArray());
            Assert.Equal(requestId, contradiction.GetProperty("requestId").GetGuid());
            Assert.Equal(Exchange3.Police, contradiction.GetProperty("agency").GetString());
            Assert.Equal("88/CV-PV06", contradiction.GetProperty("documentNumber").GetString());
            Assert.Single(contradiction.GetProperty("convictionIds").EnumerateArray());
            Assert.Contains("certificateContradicted", Timeline(flagged));
            var queued = (await clerk.GetFromJsonAsync<JsonElement>("/api/v1/applications?limit=1000")).GetProperty("applications")
                .EnumerateArray().Single(a => a.GetProperty("applicationId").GetGuid() == id);
            Assert.True(queued.GetProperty("contradicted").GetBoolean());
            // What the late answer found is staff's to weigh, not something the applicant (perhaps an agent) reads first.
            var own = await Desk.Get(id, me);
            Assert.Equal(JsonValueKind.Null, own.GetProperty("contradictedBy").ValueKind);
            Assert.DoesNotContain("certificateContradicted", Timeline(own));

            var revoked = await approver.PostAsJsonAsync($"/api/v1/certificates/{number}/revocation",
                new JsonObject { ["reason"] = "Công an trả lời muộn: có án tích chưa được xóa" });
            Assert.True(revoked.StatusCode == HttpStatusCode.OK, await revoked.Content.ReadAsStringAsync());
            var settled = await Desk.Get(id, clerk);
            Assert.False(settled.GetProperty("contradicted").GetBoolean());
            Assert.Contains("certificateRevoked", Timeline(settled));
            Assert.DoesNotContain((await clerk.GetFromJsonAsync<JsonElement>("/api/v1/applications?limit=1000")).GetProperty("applications").EnumerateArray(),
                a => a.GetProperty("applicationId").GetGuid() == id);
        }
        finally
        {
            api.Clock.Now = null;
        }
    }

    [Fact]
    public async Task a_late_answer_is_reminded_then_escalated_and_listed_as_overdue_for_clerks()
    {
        var person = await exchange.BornIn(1975);
        var police = exchange.PoliceClient;
        var clerk = Desk.Clerk;
        var id = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(police, id)).GetProperty("requestId").GetGuid();
        Assert.DoesNotContain(await Exchange3.Inbox(clerk, "overdue"), r => r.GetProperty("requestId").GetGuid() == requestId);

        api.Clock.Now = DateTimeOffset.UtcNow.AddDays(30);
        try
        {
            using (var scope = api.Services.CreateScope())
            {
                var job = scope.ServiceProvider.GetRequiredService<ChaseLateAnswersJob>();
                Assert.True(await job.RunAsync(CancellationToken.None) >= 2);
                await job.RunAsync(CancellationToken.None);
            }

            var overdue = (await Exchange3.Inbox(clerk, "overdue")).Single(r => r.GetProperty("requestId").GetGuid() == requestId);
            Assert.Equal("overdue", overdue.GetProperty("status").GetString());
            Assert.NotEqual(JsonValueKind.Null, overdue.GetProperty("remindedAt").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, overdue.GetProperty("escalatedAt").ValueKind);
            Assert.Contains(await Exchange3.Inbox(police, "overdue"), r => r.GetProperty("requestId").GetGuid() == requestId);
            Assert.Contains(await Exchange3.Inbox(police), r => r.GetProperty("requestId").GetGuid() == requestId);
        }
        finally
        {
            api.Clock.Now = null;
        }
        await (await clerk.GetAsync("/api/v1/exchange/requests?status=lost")).AssertProblem(HttpStatusCode.BadRequest);
    }
}
