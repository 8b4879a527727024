using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Applications;

public sealed class ApplicationTests(ApplicationsApiFactory api) : IClassFixture<ApplicationsApiFactory>
{
    readonly Desk desk = new(api);

    [Fact]
    public async Task a_convicted_person_applies_pays_and_downloads_an_instantly_issued_form1_stating_the_conviction()
    {
        var person = await desk.Convicted("27/2025/HS-ST");
        var me = desk.As(person);

        var (id, accepted) = await desk.Apply(me, Desk.Form1(person));
        Assert.Equal("submitted", accepted.GetProperty("status").GetString());
        Assert.Equal(200_000, accepted.GetProperty("feeVnd").GetInt64());
        var paid = await Desk.Pay(me, id, 200_000, "VNPAY-0001");
        // Instants are UTC (api.md): the deadline, midnight in Vietnam, is 17:00Z.
        var dueAt = (await desk.Get(id)).GetProperty("dueAt").GetString()!;
        Assert.EndsWith("T17:00:00Z", dueAt);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

        var issued = await desk.WaitFor(id, "issued");
        var number = issued.GetProperty("certificateNumber").GetString()!;
        var types = issued.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["applicationSubmitted", "identityConfirmed", "paymentReceived", "applicationChecked", "applicationApproved",
            "certificateIssued"], types);
        Assert.All(issued.GetProperty("timeline").EnumerateArray(), e => Assert.NotNull(e.GetProperty("by").GetProperty("role").GetString()));
        Assert.False(issued.GetProperty("overdue").GetBoolean());

        var download = await me.GetAsync($"/api/v1/applications/{id}/certificate");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = PdfText(pdf);
        Assert.Contains("Tình trạng án tích: Có án tích", text);
        Assert.Contains("Bản án số 27/2025/HS-ST", text);
        // The court pushed as TAND-DNA; the certificate names it.
        Assert.Contains("của Tòa án nhân dân tỉnh Đồng Nai", text);
        Assert.DoesNotContain("của TAND-DNA", text);
        Assert.Contains($"Số: {number}", text);
    }

    [Fact]
    public async Task a_convicted_person_whose_events_lost_their_snapshot_is_not_certified_clean()
    {
        // An import cut short between its two COPYs leaves the events without the record snapshot.
        var person = await desk.Convicted("31/2025/HS-ST");
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Delete<JudicialRecords.Domain.Records.CriminalRecord>(person.PersonalId);
            await session.SaveChangesAsync();
        }
        var record = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{person.PersonalId}");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);

        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, 200_000, "VNPAY-0031")).StatusCode);
        await desk.WaitFor(id, "issued");

        var text = PdfText(await (await me.GetAsync($"/api/v1/applications/{id}/certificate")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Tình trạng án tích: Có án tích", text);
        Assert.Contains("Bản án số 31/2025/HS-ST", text);
    }

    [Fact]
    public async Task a_judgment_for_an_offence_at_17_without_its_class_is_kept_and_not_issued_at_once()
    {
        // api.md's offence fields do not include the class (Art. 9), which decides whether a 16- or 17-year-old's
        // conviction leaves a record (Art. 107(1)(b)).
        var person = await desk.Registered(Citizen.Adult(19));
        var judged = person.DateOfBirth.AddYears(17).AddMonths(8);
        var judgment = JudicialRecords.Api.Tests.Exchange.Agencies.Judgment(person.PersonalId, person.DateOfBirth, judged, prisonMonths: 36,
            number: "44/2025/HS-ST");
        ((JsonObject)judgment["person"]!)["fullName"] = person.FullName;
        // 17 at the offence (the judgment's six months before it): month ends make no date identity of this, the age is what counts.
        Assert.Equal(17, JudicialRecords.Domain.People.Age.InYears(person.DateOfBirth, DateOnly.Parse((string)judgment["offenceDate"]!)));
        await new JudicialRecords.Api.Tests.Exchange.Agencies(api).PushJudgment(judgment);

        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, 200_000, "VNPAY-0044")).StatusCode);

        // Unclear, and not for the police files to settle: an approver reads the judgment.
        var waiting = await desk.Get(id);
        Assert.Equal("awaitingDecision", waiting.GetProperty("status").GetString());
        await using var query = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var record = await query.LoadAsync<JudicialRecords.Domain.Records.CriminalRecord>(person.PersonalId);
        Assert.Contains("Art. 107(1)(b)", InstantIssuance.Unclear(record, DateOnly.FromDateTime(DateTime.Today)));
    }

    [Fact]
    public void on_form_2_an_expunged_conviction_of_a_17_year_old_of_unstated_class_waits_for_an_approver()
    {
        // Form 2 prints expunged convictions; one that leaves no record at all (Art. 107(1)(b)) must not be printed unread.
        // Form 1 prints only active ones, so the same record is clear for it.
        var born = new DateOnly(1998, 2, 1);
        var person = new PersonDetails("075098001234", "Lê Văn Tám", [], born, Sex.Male,
            null, "Việt Nam", null, null, null, null, null);
        var id = Guid.NewGuid();
        var theft = new Offence("173", "1", "Trộm cắp tài sản", "XVI", Severity: null, Negligent: false);
        var record = CriminalRecord.Replay(person.PersonalId,
        [
            new JudgmentTookEffect(id, "TAND-DNA", "9/2015/HS-ST", new DateOnly(2015, 9, 1), new DateOnly(2015, 9, 16),
                "TAND-DNA", new DateOnly(2015, 6, 1), person,
                new JudgmentTerms([theft],
                    new PrincipalPenalty(PrincipalPenaltyType.Imprisonment, 12, null, false, null), []),
                0, []),
            new PrincipalPenaltyCompleted(id, "CA-DNA", "1/GCN", new DateOnly(2016, 9, 16), new DateOnly(2016, 9, 16)),
        ]);
        var today = new DateOnly(2026, 11, 27);
        Assert.Equal(ExpungementStatus.Expunged, record.ExpungementAsOf(record.FindConviction(id)!, today).Status);

        Assert.Contains("Art. 107(1)(b)", InstantIssuance.Unclear(record, today, FormType.Form2));
        Assert.Null(InstantIssuance.Unclear(record, today, FormType.Form1));
    }

    [Fact]
    public async Task a_clerk_taking_a_copy_of_a_certificate_is_shown_to_the_person_and_their_own_download_is_not()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, 200_000, "VNPAY-COPY")).StatusCode);
        await desk.WaitFor(id, "issued");

        Assert.Equal(HttpStatusCode.OK, (await me.GetAsync($"/api/v1/applications/{id}/certificate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.Clerk.GetAsync($"/api/v1/applications/{id}/certificate")).StatusCode);

        var reads = (await me.GetFromJsonAsync<JsonElement>("/api/v1/me/record-access")).EnumerateArray().ToList();
        var copy = Assert.Single(reads, r => r.GetProperty("view").GetString() == "certificate-copy");
        Assert.Equal("clerk", copy.GetProperty("role").GetString());
        Assert.Single(reads, r => r.GetProperty("view").GetString() == "certificate");
    }

    [Fact]
    public async Task an_agents_request_waits_for_an_approver_and_after_approval_is_ready_for_collection()
    {
        var mother = await desk.Registered(Citizen.Adult(50, female: true));
        var son = await desk.Registered(Citizen.Adult(20));
        var (id, _) = await desk.Apply(desk.As(mother), AgentForm1(mother, son, delivery: "counter"));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(desk.As(mother), id, 200_000, "MOMO-7")).StatusCode);

        var waiting = await desk.Get(id);
        Assert.Equal("awaitingDecision", waiting.GetProperty("status").GetString());
        Assert.Equal(son.PersonalId, waiting.GetProperty("subject").GetProperty("personalId").GetString());
        var response = await Desk.Decide(desk.Approver(), id, "approve", ifMatch: $"\"{waiting.GetProperty("version").GetInt64()}\"");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);

        var issued = await desk.WaitFor(id, "issued");
        Assert.Equal("readyForCollection", issued.GetProperty("delivery").GetProperty("status").GetString());
        var approval = issued.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "applicationApproved");
        Assert.Equal("approver-01", approval.GetProperty("by").GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await desk.Clerk.GetAsync($"/api/v1/applications/{id}/certificate")).StatusCode);
    }

    [Fact]
    public async Task staff_see_why_the_service_left_it_to_an_approver_and_the_papers_claimed_and_the_agent_does_not()
    {
        var agent = await desk.Registered(Citizen.Adult(40));
        var subject = await desk.Convicted("52/2025/HS-ST", age: 22);
        var (id, _) = await desk.Apply(desk.As(agent), AgentForm1(agent, subject, relationship: "other", change: b =>
        {
            b["powerOfAttorneyReference"] = " UQ-77/2026 ";
            b["feeCategory"] = "reduced";
            b["feeGround"] = "Sinh viên Trường Đại học Đồng Nai, thẻ số 2104";
        }));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(desk.As(agent), id, 100_000, $"REF-{id:N}")).StatusCode);

        foreach (var staff in new[] { desk.Clerk, desk.Approver() })
        {
            var seen = await desk.Get(id, staff);
            Assert.Equal("awaitingDecision", seen.GetProperty("status").GetString());
            Assert.Contains("agent", seen.GetProperty("checkNote").GetString());
            Assert.Equal("UQ-77/2026", seen.GetProperty("powerOfAttorneyReference").GetString());
            Assert.Equal("Sinh viên Trường Đại học Đồng Nai, thẻ số 2104", seen.GetProperty("feeGround").GetString());
        }
        // The service's note reads the subject's record: not for the agent, who sees the request as filed and its outcome.
        var own = await desk.Get(id, desk.As(agent));
        Assert.Equal(JsonValueKind.Null, own.GetProperty("checkNote").ValueKind);
        Assert.Equal(JsonValueKind.Null, own.GetProperty("powerOfAttorneyReference").ValueKind);
        Assert.Equal(JsonValueKind.Null, own.GetProperty("feeGround").ValueKind);
    }

    [Fact]
    public async Task form2_through_an_agent_is_refused_naming_the_form_type()
    {
        var agent = await desk.Registered(Citizen.Adult(40));
        var subject = await desk.Registered(Citizen.Adult(30));

        var response = await desk.As(agent).PostAsJsonAsync("/api/v1/applications",
            AgentForm1(agent, subject, change: b => b["formType"] = 2));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("formType", out _), problem.ToString());
    }

    [Fact]
    public async Task an_applicant_under_16_is_refused_naming_the_birth_date()
    {
        var child = await desk.Registered(Citizen.Adult(15));

        var response = await desk.As(child).PostAsJsonAsync("/api/v1/applications", Desk.Form1(child));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.dateOfBirth", out _), problem.ToString());
    }

    [Fact]
    public async Task a_wrong_payment_amount_is_refused_naming_the_amount()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person, b => { b["copies"] = 4; b["delivery"] = new JsonObject { ["method"] = "counter" }; }));

        var response = await Desk.Pay(me, id, 200_000, "BANK-1");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.Contains("210000", problem.GetProperty("errors").GetProperty("amountVnd")[0].GetString());
        Assert.Equal("submitted", (await desk.Get(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_name_that_differs_from_the_population_register_is_refused_and_nothing_is_filed()
    {
        var person = await desk.Registered(Citizen.Adult(36));
        var stated = person with { FullName = "Trần Thị Ánh Khác" };

        var response = await desk.As(person).PostAsJsonAsync("/api/v1/applications", Desk.Form1(stated));

        var problem = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, ApplicationEndpoints.IdentityMismatch);
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.fullName", out _), problem.ToString());
        Assert.DoesNotContain(person.FullName, problem.ToString());
        Assert.Equal(0, await QueueCount(person.PersonalId));
    }

    [Fact]
    public async Task a_sex_that_contradicts_the_personal_id_is_refused_before_the_register_is_asked()
    {
        var person = await desk.Registered(Citizen.Adult(36));

        var response = await desk.As(person).PostAsJsonAsync("/api/v1/applications", Desk.Form1(person with { Sex = "female" }));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.personalId", out _), problem.ToString());
    }

    [Theory]
    [InlineData("Hàn Quốc", "m-123")]       // a passport number no court could key a judgment by
    [InlineData("Vietnamese", "M12345678")] // a Vietnamese by another spelling is named by the personal ID
    public async Task an_identity_number_of_the_wrong_kind_for_the_nationality_is_refused_naming_it(string nationality, string number)
    {
        var person = await desk.Registered(Citizen.Adult());
        var body = Desk.Form1(person, b =>
        {
            b["applicant"]!["nationality"] = nationality;
            b["applicant"]!["personalId"] = number;
        });

        var response = await api.ClientAs("applicant", subject: number).PostAsJsonAsync("/api/v1/applications", body);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "urn:judicialrecords:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.personalId", out _), problem.ToString());
    }

    [Fact]
    public async Task a_birth_date_that_differs_from_the_register_with_a_consistent_personal_id_is_refused()
    {
        var registered = await desk.Registered(Citizen.Adult(36));
        // Same birth year and sex: the personal ID's digits still agree, only the register can tell.
        var stated = registered with { DateOfBirth = registered.DateOfBirth.Month == 1 ? registered.DateOfBirth.AddMonths(1) : registered.DateOfBirth.AddMonths(-1) };

        var response = await desk.As(registered).PostAsJsonAsync("/api/v1/applications", Desk.Form1(stated));

        var problem = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, ApplicationEndpoints.IdentityMismatch);
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.dateOfBirth", out _), problem.ToString());
    }

    [Fact]
    public async Task an_applicant_failing_the_identity_check_again_and_again_is_stopped_for_a_while()
    {
        var person = await desk.Registered(Citizen.Adult(33));
        var me = desk.As(person);
        foreach (var name in new[] { "Trần Văn Một", "Trần Văn Hai", "Trần Văn Ba", "Trần Văn Bốn", "Trần Văn Năm" })
        {
            var wrong = await me.PostAsJsonAsync("/api/v1/applications", Desk.Form1(person with { FullName = name }));
            await wrong.AssertProblem(HttpStatusCode.UnprocessableEntity, ApplicationEndpoints.IdentityMismatch);
        }

        // The sixth, right this time, is not even checked: probing a stranger's details takes too long to be worth it.
        var stopped = await me.PostAsJsonAsync("/api/v1/applications", Desk.Form1(person));
        await stopped.AssertProblem(HttpStatusCode.TooManyRequests, ApplicationEndpoints.TooManyIdentityFailures);
        Assert.NotNull(stopped.Headers.RetryAfter);
        Assert.Equal(0, await desk.FiledAbout(person));
        // Someone else is not held back.
        var other = await desk.Registered(Citizen.Adult(34));
        await desk.Apply(desk.As(other), Desk.Form1(other));
    }

    [Fact]
    public async Task a_name_differing_only_in_case_and_unicode_composition_matches_the_register()
    {
        var person = await desk.Registered(Citizen.Adult(28));
        var stated = person with { FullName = "  " + person.FullName.ToUpperInvariant().Normalize(System.Text.NormalizationForm.FormD) };

        var (id, _) = await desk.Apply(desk.As(person), Desk.Form1(stated));

        Assert.Equal("confirmed", (await desk.Get(id)).GetProperty("identity").GetString());
    }

    [Fact]
    public async Task an_applicants_retry_under_the_same_idempotency_key_files_one_application()
    {
        var person = await desk.Registered(Citizen.Adult(41));
        var me = desk.As(person);
        var key = Guid.NewGuid().ToString();

        var (first, firstBody) = await desk.Apply(me, Desk.Form1(person), key);
        var (again, againBody) = await desk.Apply(me, Desk.Form1(person), key);
        var other = await JudicialRecords.Api.Tests.Exchange.Agencies.Post(me, "/api/v1/applications", Desk.Form1(person, b => b["copies"] = 3), key);
        // Another applicant's key is theirs: the same key files their own request.
        var stranger = await desk.Registered(Citizen.Adult(42));
        var (theirs, _) = await desk.Apply(desk.As(stranger), Desk.Form1(stranger), key);

        Assert.Equal(first, again);
        Assert.Equal(firstBody.ToString(), againBody.ToString());
        await other.AssertProblem(HttpStatusCode.Conflict, "urn:judicialrecords:problem:idempotency-conflict");
        Assert.NotEqual(first, theirs);
        Assert.Equal(1, await QueueCount(person.PersonalId));
        // A clerk's keys are the clerk's: the same key at the counter files once, and apart from the applicant's.
        var (counter, _) = await desk.Apply(desk.Clerk, Desk.Form1(person), key);
        var (counterAgain, _) = await desk.Apply(desk.Clerk, Desk.Form1(person), key);
        Assert.Equal(counter, counterAgain);
        Assert.NotEqual(first, counter);
    }

    [Fact]
    public async Task a_person_unknown_to_the_population_register_is_refused()
    {
        var stranger = Citizen.Adult();

        var response = await desk.As(stranger).PostAsJsonAsync("/api/v1/applications", Desk.Form1(stranger));

        var problem = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, ApplicationEndpoints.IdentityUnknown);
        Assert.True(problem.GetProperty("errors").TryGetProperty("applicant.personalId", out _), problem.ToString());
    }

    [Fact]
    public async Task an_applicant_files_only_in_their_own_name()
    {
        var person = await desk.Registered(Citizen.Adult());
        var other = await desk.Registered(Citizen.Adult());

        var response = await desk.As(other).PostAsJsonAsync("/api/v1/applications", Desk.Form1(person));

        await response.AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task another_applicant_can_neither_see_nor_pay_nor_download_the_application()
    {
        var person = await desk.Registered(Citizen.Adult());
        var other = desk.As(await desk.Registered(Citizen.Adult()));
        var (id, _) = await desk.Apply(desk.As(person), Desk.Form1(person));

        await (await other.GetAsync($"/api/v1/applications/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await Desk.Pay(other, id, 200_000, "X-1")).AssertProblem(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/applications/{id}/certificate")).AssertProblem(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/applications/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal("submitted", (await desk.Get(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task concurrent_decisions_on_one_application_cannot_both_win()
    {
        var id = await AwaitingDecision();

        var answers = await Task.WhenAll(
            Desk.Decide(desk.Approver("approver-a"), id, "approve"),
            Desk.Decide(desk.Approver("approver-b"), id, "reject", "Giấy ủy quyền không hợp lệ"),
            Desk.Decide(desk.Approver("approver-c"), id, "approve"));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var decided = await desk.Get(id);
        var decisions = decided.GetProperty("timeline").EnumerateArray()
            .Count(e => e.GetProperty("type").GetString() is "applicationApproved" or "applicationRejected");
        Assert.Equal(1, decisions);
    }

    [Fact]
    public async Task a_decision_on_a_stale_version_is_412()
    {
        var id = await AwaitingDecision();
        var seen = (await desk.Get(id)).GetProperty("version").GetInt64();

        var stale = await Desk.Decide(desk.Approver(), id, "approve", ifMatch: $"\"{seen - 1}\"");

        await stale.AssertProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal("awaitingDecision", (await desk.Get(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_rejection_needs_a_reason_and_ends_the_application()
    {
        var id = await AwaitingDecision();

        var problem = await (await Desk.Decide(desk.Approver(), id, "reject")).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Decide(desk.Approver(), id, "reject", "Không đủ giấy tờ")).StatusCode);

        var rejected = await desk.Get(id);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("Không đủ giấy tờ", rejected.GetProperty("rejectionReason").GetString());
        await (await Desk.Decide(desk.Approver(), id, "approve")).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_reduced_fee_claimed_online_waits_for_an_approver_even_with_instant_issuance_on()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, accepted) = await desk.Apply(me, Desk.Form1(person, b => b["feeCategory"] = "reduced"));
        Assert.Equal(100_000, accepted.GetProperty("feeVnd").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, 100_000, "VCB-R1")).StatusCode);

        // The entitlement (a student, say) is only stated: a person checks it before anything is issued.
        Assert.Equal("awaitingDecision", (await desk.Get(id, me)).GetProperty("status").GetString());
        await (await me.GetAsync($"/api/v1/applications/{id}/certificate")).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task paying_twice_with_the_same_reference_is_harmless()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person, b => b["feeCategory"] = "reduced"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Desk.Pay(me, id, 100_000, "VCB-42")));
        var again = await Desk.Pay(me, id, 100_000, "VCB-42");
        var other = await Desk.Pay(me, id, 100_000, "VCB-43");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await other.AssertProblem(HttpStatusCode.Conflict);
        var application = await desk.Get(id, me);
        Assert.Equal(1, application.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "paymentReceived"));
        Assert.Equal(100_000, application.GetProperty("paidVnd").GetInt64());
    }

    [Fact]
    public async Task a_payment_on_a_stale_version_is_412_and_its_retry_after_success_is_answered_as_the_first_time()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var filed = await Exchange.Agencies.Post(me, "/api/v1/applications", Desk.Form1(person, b => b["feeCategory"] = "reduced"));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement.GetProperty("applicationId").GetGuid();
        // The 201 carries the ETag, the version a read would give: no read is needed before paying.
        var etag = filed.Headers.ETag!.Tag;
        Assert.Equal(etag, (await me.GetAsync($"/api/v1/applications/{id}")).Headers.ETag!.Tag);
        var seen = long.Parse(etag.Trim('"'));

        var stale = await Desk.Pay(me, id, 100_000, "VCB-7", ifMatch: $"\"{seen - 1}\"");
        await stale.AssertProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal("submitted", (await desk.Get(id, me)).GetProperty("status").GetString());

        var paid = await Desk.Pay(me, id, 100_000, "VCB-7", ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.NotEqual(etag, paid.Headers.ETag!.Tag);
        // The answer was lost, say: the client sends the same payment with the version it had read.
        var retried = await Desk.Pay(me, id, 100_000, "VCB-7", ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        // A different payment on that version is stale.
        await (await Desk.Pay(me, id, 100_000, "VCB-8", ifMatch: etag)).AssertProblem(HttpStatusCode.PreconditionFailed);
        var application = await desk.Get(id, me);
        Assert.Equal(1, application.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "paymentReceived"));
    }

    [Fact]
    public async Task the_certificate_before_issuance_is_409()
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));

        await (await me.GetAsync($"/api/v1/applications/{id}/certificate"))
            .AssertProblem(HttpStatusCode.Conflict, ApplicationEndpoints.NotIssued);
    }

    [Fact]
    public async Task running_the_issuance_job_twice_issues_one_certificate()
    {
        var mother = await desk.Registered(Citizen.Adult(45, female: true));
        var daughter = await desk.Registered(Citizen.Adult(17, female: true));
        var (id, _) = await desk.Apply(desk.As(mother), AgentForm1(mother, daughter, delivery: "post"));
        await Desk.Pay(desk.As(mother), id, 200_000, "POST-1");
        Assert.Equal(HttpStatusCode.OK, (await Desk.Decide(desk.Approver(), id, "approve")).StatusCode);

        // The Hangfire server runs it too: seven runs race, then one more comes late.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Run(id)));
        await Run(id);

        var issued = await desk.WaitFor(id, "issued");
        Assert.Equal("dispatchRequested", issued.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal(1, issued.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "certificateIssued"));
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var certificates = await session.Query<CertificateRecord>().Where(c => c.ApplicationId == id).ToListAsync();
        Assert.Single(certificates);
        Assert.Equal(issued.GetProperty("certificateNumber").GetString(), certificates[0].Number);
    }

    [Fact]
    public async Task a_certificate_registered_but_not_recorded_on_its_application_is_recorded_not_issued_again()
    {
        var id = await AwaitingDecision();
        // What a run of an earlier version left when it stopped between registering the certificate and recording it.
        string registered;
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var state = (await session.LoadAsync<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(id)))!.State;
            var certificate = await api.Services.GetRequiredService<CertificateIssuer>().IssueAsync(state.Subject!.PersonalId,
                new JudicialRecords.Domain.Certificates.CertificateRequest(JudicialRecords.Domain.Certificates.CertificateForm.One, state.Subject, false, null),
                id, CancellationToken.None);
            registered = certificate.Number;
        }

        Assert.Equal(HttpStatusCode.OK, (await Desk.Decide(desk.Approver(), id, "approve")).StatusCode);

        var issued = await desk.WaitFor(id, "issued");
        Assert.Equal(registered, issued.GetProperty("certificateNumber").GetString());
        await using var query = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Single(await query.Query<CertificateRecord>().Where(c => c.ApplicationId == id).ToListAsync());
    }

    [Fact]
    public async Task a_change_that_loses_every_race_ends_as_an_answer_not_an_exception()
    {
        var person = await desk.Registered(Citizen.Adult());
        var (id, _) = await desk.Apply(desk.As(person), Desk.Form1(person));
        var store = api.Services.GetRequiredService<IDocumentStore>();

        var result = await api.Services.GetRequiredService<ApplicationWriter>().ChangeAsync(id, _ => true, null, (_, now) =>
        {
            // Another writer commits between this one's read and its save, every time.
            using (var other = store.LightweightSession())
            {
                other.Events.Append(ApplicationSnapshot.KeyOf(id), new VerificationWaived(id, "the change that wins", Actor.System, now));
                other.SaveChangesAsync().GetAwaiter().GetResult();
            }
            return Decision.Append(new VerificationWaived(id, "the change that loses", Actor.System, now));
        }, CancellationToken.None);

        Assert.Equal(ChangeOutcome.RacesLost, result.Outcome);
    }

    [Fact]
    public async Task the_clerks_queue_lists_by_due_date_and_filters_by_status()
    {
        var person = await desk.Registered(Citizen.Adult());
        var (submitted, _) = await desk.Apply(desk.As(person), Desk.Form1(person));
        var (complex, _) = await desk.Apply(desk.As(person), Desk.Form1(person, b => b["livedAbroad"] = true));
        var awaiting = await AwaitingDecision();

        var queue = await Queue("?status=submitted&limit=1000");
        var ids = queue.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("applicationId").GetGuid()).ToList();
        Assert.Contains(submitted, ids);
        Assert.Contains(complex, ids);
        Assert.DoesNotContain(awaiting, ids);
        // 10 days come before 15; when a holiday makes both end on the same day (26–28 Jan 2027: Tết), the first filed comes first.
        Assert.True(ids.IndexOf(submitted) < ids.IndexOf(complex), "10 days come before 15.");
        var dueAts = queue.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("dueAt").GetDateTimeOffset()).ToList();
        Assert.Equal(dueAts.Order(), dueAts);
        Assert.All(queue.GetProperty("applications").EnumerateArray(), a => Assert.False(a.GetProperty("overdue").GetBoolean()));

        var open = await Queue("?limit=1000");
        Assert.Contains(awaiting, open.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("applicationId").GetGuid()));
        await (await desk.Clerk.GetAsync("/api/v1/applications?status=lost")).AssertProblem(HttpStatusCode.BadRequest);
        await (await desk.As(person).GetAsync("/api/v1/applications")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_default_queue_serves_complete_requests_and_shows_unpaid_ones_only_when_asked_for()
    {
        var person = await desk.Registered(Citizen.Adult());
        // Filed and never paid: its due date is provisional and its clock has not started, so it is nobody's work yet.
        var (unpaid, _) = await desk.Apply(desk.As(person), Desk.Form1(person));
        var awaiting = await AwaitingDecision();

        var open = (await Queue("?limit=1000")).GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("applicationId").GetGuid()).ToList();
        var submitted = (await Queue("?status=submitted&limit=1000")).GetProperty("applications").EnumerateArray()
            .Select(a => a.GetProperty("applicationId").GetGuid()).ToList();

        Assert.Contains(awaiting, open);
        Assert.DoesNotContain(unpaid, open);
        Assert.Contains(unpaid, submitted);
    }

    [Fact]
    public async Task a_walk_in_request_filed_by_a_clerk_is_paid_in_cash_at_the_counter_or_by_the_applicant_online()
    {
        var walkIn = await desk.Registered(Citizen.Adult());
        var counter = Desk.Form1(walkIn, b => b["delivery"] = new JsonObject { ["method"] = "counter" });

        // No online account: the clerk takes the cash and records the receipt number.
        var (cash, _) = await desk.Apply(desk.Clerk, counter);
        var paid = await Desk.Pay(desk.Clerk, cash, 200_000, "BL-0001234");
        Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        var issued = await desk.WaitFor(cash, "issued");
        var payment = issued.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "paymentReceived");
        Assert.Equal("clerk", payment.GetProperty("by").GetProperty("role").GetString());

        // The person whose request it is may still pay it themself.
        var (online, _) = await desk.Apply(desk.Clerk, counter);
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(desk.As(walkIn), online, 200_000, "VNPAY-0077")).StatusCode);

        // A request the person filed online is theirs to pay: a clerk recording a payment on it is refused.
        var (own, _) = await desk.Apply(desk.As(walkIn), Desk.Form1(walkIn));
        await (await Desk.Pay(desk.Clerk, own, 200_000, "BL-0001235")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("submitted", (await desk.Get(own)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_clerk_files_an_exempt_counter_request_that_is_complete_as_filed_and_the_applicant_downloads_it()
    {
        var person = await desk.Registered(Citizen.Adult());

        var (id, accepted) = await desk.Apply(desk.Clerk, Desk.Form1(person, b => b["feeCategory"] = "exempt"));

        // Nothing due: complete as filed, and with instant issuance on approved at once.
        Assert.Equal("approved", accepted.GetProperty("status").GetString());
        Assert.Equal(0, accepted.GetProperty("feeVnd").GetInt64());
        var issued = await desk.WaitFor(id, "issued");
        Assert.Equal("clerk", issued.GetProperty("timeline")[0].GetProperty("by").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await desk.As(person).GetAsync($"/api/v1/applications/{id}/certificate")).StatusCode);
    }

    async Task<Guid> AwaitingDecision()
    {
        var agent = await desk.Registered(Citizen.Adult(40));
        var subject = await desk.Registered(Citizen.Adult(25));
        var (id, _) = await desk.Apply(desk.As(agent), AgentForm1(agent, subject, relationship: "other", change: b => b["powerOfAttorneyReference"] = "UQ-12/2026"));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(desk.As(agent), id, 200_000, $"REF-{id:N}")).StatusCode);
        Assert.Equal("awaitingDecision", (await desk.Get(id)).GetProperty("status").GetString());
        return id;
    }

    static JsonObject AgentForm1(Citizen agent, Citizen subject, string relationship = "parent", string delivery = "electronic",
        Action<JsonObject>? change = null) =>
        Desk.Form1(agent, b =>
        {
            b["subject"] = subject.Json();
            b["relationship"] = relationship;
            b["delivery"] = new JsonObject { ["method"] = delivery, ["address"] = delivery == "post" ? "12 Phan Chu Trinh, Biên Hòa" : null };
            change?.Invoke(b);
        });

    async Task Run(Guid id)
    {
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IssueCertificateJob>().RunAsync(id, CancellationToken.None);
    }

    async Task<JsonElement> Queue(string query)
    {
        var response = await desk.Clerk.GetAsync($"/api/v1/applications{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    async Task<int> QueueCount(string personalId)
    {
        var queue = await Queue("?limit=1000&status=submitted&status=rejected");
        return queue.GetProperty("applications").EnumerateArray()
            .Count(a => a.GetProperty("subject").GetProperty("personalId").GetString() == personalId);
    }
}
