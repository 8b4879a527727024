using System.Net.Http.Json;
using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Certificates;
using JudicialRecords.Api.Tests.Infrastructure;

namespace JudicialRecords.Api.Tests.Exchange;

public sealed class FollowUpTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static readonly DateOnly Born = new(1990, 7, 1);
    readonly Agencies _agencies = new(api);

    async Task<(string Id, Guid ConvictionId)> Convicted()
    {
        var id = Agencies.PersonalId(Born);
        return (id, await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2020, 5, 4))));
    }

    static JsonObject Release(string id, Guid? convictionId) => new()
    {
        ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "principalPenaltyCompleted",
        ["effectiveDate"] = "2022-05-19", ["documentNumber"] = "77/GCN", ["documentDate"] = "2022-05-19",
    };

    [Fact]
    public async Task an_event_about_an_unknown_conviction_is_a_404_problem_and_writes_nothing()
    {
        var (id, _) = await Convicted();

        var response = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events",
            Release(id, Guid.NewGuid()), Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task an_event_decided_on_a_stale_version_of_the_record_is_a_412_and_writes_nothing()
    {
        var (id, convictionId) = await Convicted();
        var read = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{id}");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        async Task<HttpResponseMessage> Send(string ifMatch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/exchange/sentence-events")
            {
                Content = JsonContent.Create(Release(id, convictionId)),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await api.ClientAs("police", Agencies.Police).SendAsync(request);
        }

        await (await Send("\"0\"")).AssertProblem(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        Assert.Equal(1, await _agencies.HistoryCount(id));
        var fresh = await Send(etag);
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        // The answer's ETag is the record's version after the append, as a read now gives it.
        var after = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{id}");
        Assert.Equal(after.Headers.ETag!.Tag, fresh.Headers.ETag?.Tag);
        Assert.NotEqual(etag, fresh.Headers.ETag?.Tag);
    }

    static JsonObject Lapse(string id, Guid convictionId, string on) => new()
    {
        ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "enforcementLimitationLapsed",
        ["effectiveDate"] = on, ["documentNumber"] = "12/QĐ-THA", ["documentDate"] = on,
    };

    [Fact]
    public async Task an_enforcement_limit_lapses_no_earlier_than_art60_allows_and_then_counts_as_the_penalty_served()
    {
        // 24 months' imprisonment in effect from 2015-05-19, never enforced: Art. 60(2)(a) bars enforcing it from 2020-05-19.
        var id = Agencies.PersonalId(Born);
        var convictionId = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2015, 5, 4)));

        var early = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events",
            Lapse(id, convictionId, "2020-05-18"), Guid.NewGuid().ToString());
        var problem = await early.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("effectiveDate", out _));
        Assert.Equal(1, await _agencies.HistoryCount(id));

        var lapsed = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events",
            Lapse(id, convictionId, "2020-05-19"), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, lapsed.StatusCode);

        // Art. 70(2)(b): two years from the lapse.
        Assert.Equal("active", await _agencies.Status(id, convictionId, new DateOnly(2022, 5, 18)));
        var expunged = await _agencies.Conviction(id, convictionId, new DateOnly(2022, 5, 19));
        Assert.Equal("expunged", expunged.GetProperty("status").GetString());
        Assert.Equal("2022-05-19", expunged.GetProperty("expungedOn").GetString());
        Assert.Contains("Art. 60", expunged.GetProperty("expungementBasis").GetString());
    }

    [Fact]
    public async Task an_exemption_from_the_rest_of_the_sentence_counts_as_served_and_is_printed_on_form_2_art62()
    {
        var id = Agencies.PersonalId(Born);
        var convictionId = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2015, 5, 4)));
        var exemption = new JsonObject
        {
            ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "sentenceExempted",
            ["effectiveDate"] = "2016-02-01", ["documentNumber"] = "5/2016/QĐ-MCH", ["documentDate"] = "2016-01-25",
        };

        var response = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events",
            exemption, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Art. 70(2)(b): two years from the exemption, as from a penalty served.
        Assert.Equal("active", await _agencies.Status(id, convictionId, new DateOnly(2018, 1, 31)));
        var expunged = await _agencies.Conviction(id, convictionId, new DateOnly(2018, 2, 1));
        Assert.Equal("expunged", expunged.GetProperty("status").GetString());
        Assert.Contains("Art. 62", expunged.GetProperty("expungementBasis").GetString());
    }

    [Fact]
    public async Task a_penalty_recorded_as_served_cannot_lapse()
    {
        var id = Agencies.PersonalId(Born);
        var convictionId = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2015, 5, 4)));
        await _agencies.SentenceEvent(id, convictionId, "principalPenaltyCompleted", new DateOnly(2017, 5, 19));

        var response = await Agencies.Post(api.ClientAs("enforcement", Agencies.Enforcement), "/api/v1/exchange/sentence-events",
            Lapse(id, convictionId, "2020-05-19"), Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(2, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_sentence_reduction_sent_again_under_another_key_is_not_counted_twice()
    {
        var id = Agencies.PersonalId(Born);
        var convictionId = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2022, 5, 4), prisonMonths: 60));
        var reduction = new JsonObject
        {
            ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "sentenceReduced", ["reducedByMonths"] = 6,
            ["effectiveDate"] = "2024-09-02", ["documentNumber"] = "77/QĐ-GHHP", ["documentDate"] = "2024-09-02",
        };
        var police = api.ClientAs("police", Agencies.Police);
        Assert.Equal(HttpStatusCode.Created, (await Agencies.Post(police, "/api/v1/exchange/sentence-events", reduction, "reduce-1")).StatusCode);

        // The same decision, replayed under a new key: the sentence would shrink by another six months.
        var again = await Agencies.Post(police, "/api/v1/exchange/sentence-events", reduction, "reduce-2");

        await again.AssertProblem(HttpStatusCode.Conflict, ProblemTypes.DuplicateDecision);
        Assert.Equal(2, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_conviction_can_be_named_by_judgment_number_and_court()
    {
        var id = Agencies.PersonalId(Born);
        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2020, 5, 4), number: "12/2020/HS-ST"));
        var release = Release(id, null);
        release.Remove("convictionId");
        release["judgmentNumber"] = "12/2020/HS-ST";
        release["court"] = Agencies.Court;

        var response = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events", release, "by-number");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task enforcement_cannot_report_a_release_from_prison()
    {
        var (id, convictionId) = await Convicted();

        var response = await Agencies.Post(api.ClientAs("enforcement", Agencies.Enforcement), "/api/v1/exchange/sentence-events",
            Release(id, convictionId), Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_court_cannot_post_sentence_events()
    {
        var (id, convictionId) = await Convicted();

        var response = await Agencies.Post(api.ClientAs("court", Agencies.Court), "/api/v1/exchange/sentence-events",
            Release(id, convictionId), Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task enforcement_cannot_post_court_decisions()
    {
        var (id, convictionId) = await Convicted();
        var decision = new JsonObject
        {
            ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "judgmentAnnulled",
            ["documentNumber"] = "3/QĐ-GĐT", ["documentDate"] = "2021-01-04",
        };

        var response = await Agencies.Post(api.ClientAs("enforcement", Agencies.Enforcement), "/api/v1/exchange/court-decisions",
            decision, Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_higher_court_annuls_a_judgment_on_cassation()
    {
        var (id, convictionId) = await Convicted();
        var decision = new JsonObject
        {
            ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "judgmentAnnulled",
            ["documentNumber"] = "3/QĐ-GĐT", ["documentDate"] = "2021-01-04",
        };

        var response = await Agencies.Post(api.ClientAs("court", Agencies.OtherCourt), "/api/v1/exchange/court-decisions",
            decision, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, await _agencies.HistoryCount(id));
        var history = JsonDocument.Parse(await api.ClientAs("clerk").GetStringAsync($"/api/v1/records/{id}/history")).RootElement;
        var annulment = history.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("judgmentAnnulled", annulment.GetProperty("type").GetString());
        Assert.Equal(Agencies.OtherCourt, annulment.GetProperty("source").GetString());
        Assert.Equal(0, (await _agencies.Record(id, new DateOnly(2022, 1, 1))).GetProperty("convictions").GetArrayLength());
    }

    [Fact]
    public async Task a_cassation_that_exempts_the_person_from_punishment_leaves_no_record_from_its_effect_art69()
    {
        var (id, convictionId) = await Convicted();
        JsonObject Cassation(Action<JsonObject>? change = null)
        {
            var body = new JsonObject
            {
                ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "judgmentAmended", ["exemptedFromPunishment"] = true,
                ["documentNumber"] = "8/QĐ-GĐT", ["documentDate"] = "2021-03-01",
            };
            change?.Invoke(body);
            return body;
        }
        var court = api.ClientAs("court", Agencies.Court);

        var withPenalty = await Agencies.Post(court, "/api/v1/exchange/court-decisions",
            Cassation(b => b["principalPenalty"] = new JsonObject { ["type"] = "warning" }), Guid.NewGuid().ToString());
        var problem = await withPenalty.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("principalPenalty", out _));
        Assert.Equal(1, await _agencies.HistoryCount(id));

        var accepted = await Agencies.Post(court, "/api/v1/exchange/court-decisions", Cassation(), Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("active", await _agencies.Status(id, convictionId, new DateOnly(2021, 2, 28)));
        Assert.Equal(0, (await _agencies.Record(id, new DateOnly(2021, 3, 1))).GetProperty("convictions").GetArrayLength());
    }

    [Fact]
    public async Task only_the_court_that_gave_the_judgment_decides_on_its_expungement()
    {
        var (id, convictionId) = await Convicted();
        var decision = new JsonObject
        {
            ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = "expungementGranted",
            ["documentNumber"] = "4/2024/QĐ-XAT", ["documentDate"] = "2024-01-04",
        };

        var response = await Agencies.Post(api.ClientAs("court", Agencies.OtherCourt), "/api/v1/exchange/court-decisions",
            decision, Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_judgment_recorded_under_the_courts_name_as_written_is_that_courts_to_name_and_to_expunge()
    {
        // Recorded from an old file before court names were read as codes: "TAND tỉnh Đồng Nai" is TAND-DNA.
        var id = Agencies.PersonalId(Born);
        var convictionId = Guid.NewGuid();
        var person = new JudicialRecords.Domain.People.PersonDetails(id, "Trần Văn Cũ", [], Born, JudicialRecords.Domain.People.Sex.Male,
            null, "Việt Nam", null, null, null, null, null);
        await api.Record(id, new JudicialRecords.Domain.Records.JudgmentTookEffect(convictionId, "CA-DNA", "7/2004/HSST", new DateOnly(2004, 3, 1),
            new DateOnly(2004, 3, 16), "TAND tỉnh Đồng Nai", new DateOnly(2003, 10, 1), person,
            new JudicialRecords.Domain.Records.JudgmentTerms(
                [new JudicialRecords.Domain.Records.Offence("138", "1", "Trộm cắp tài sản", "XIV", null, false)],
                CertificateTestData.Prison(24), []),
            0, []));
        var court = api.ClientAs("court", Agencies.Court);

        var named = await Agencies.Post(court, "/api/v1/exchange/court-decisions", new JsonObject
        {
            ["personalId"] = id, ["judgmentNumber"] = "7/2004/HSST", ["court"] = Agencies.Court, ["type"] = "expungementGranted",
            ["documentNumber"] = "5/2024/QĐ-XAT", ["documentDate"] = "2024-01-05",
        }, Guid.NewGuid().ToString());

        Assert.True(named.StatusCode == HttpStatusCode.Created, await named.Content.ReadAsStringAsync());
        Assert.Equal(2, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task an_event_that_does_not_fit_the_penalty_is_a_400_problem_naming_the_type()
    {
        var (id, convictionId) = await Convicted();
        var probation = Release(id, convictionId);
        probation["type"] = "probationCompleted";

        var response = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events",
            probation, Guid.NewGuid().ToString());

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task an_instalment_of_a_fine_or_court_fee_is_not_taken_as_paid_in_full_and_writes_nothing()
    {
        // A 30,000,000 VND fine with a 200,000 VND court fee: a part paid must not start the expungement period (Art. 70(2)).
        var id = Agencies.PersonalId(Born);
        var judgment = Agencies.Judgment(id, Born, new DateOnly(2022, 1, 10));
        judgment["principalPenalty"] = new JsonObject { ["type"] = "fine", ["fineVnd"] = 30_000_000 };
        judgment["courtFeeVnd"] = 200_000;
        var convictionId = await _agencies.PushJudgment(judgment);
        var enforcement = api.ClientAs("enforcement", Agencies.Enforcement);

        JsonObject Paid(string type, long amount) => new()
        {
            ["personalId"] = id, ["convictionId"] = convictionId, ["type"] = type, ["amountVnd"] = amount,
            ["effectiveDate"] = "2022-02-01", ["documentNumber"] = "5/XN-THA", ["documentDate"] = "2022-02-01",
        };

        foreach (var partial in new[] { Paid("finePaid", 10_000_000), Paid("finePaid", 0), Paid("courtFeePaid", 0) })
        {
            var response = await Agencies.Post(enforcement, "/api/v1/exchange/sentence-events", partial, Guid.NewGuid().ToString());
            var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.True(problem.GetProperty("errors").TryGetProperty("amountVnd", out _));
        }
        Assert.Equal(1, await _agencies.HistoryCount(id));
        Assert.Equal("active", await _agencies.Status(id, convictionId, new DateOnly(2024, 1, 1)));

        await _agencies.SentenceEvent(id, convictionId, "finePaid", new DateOnly(2022, 2, 1), "enforcement", Agencies.Enforcement,
            body => body["amountVnd"] = 30_000_000);
        await _agencies.SentenceEvent(id, convictionId, "courtFeePaid", new DateOnly(2022, 2, 1), "enforcement", Agencies.Enforcement);
        Assert.Equal("expunged", await _agencies.Status(id, convictionId, new DateOnly(2023, 2, 1)));
    }

    [Fact]
    public async Task a_release_dated_in_the_future_is_a_400_problem()
    {
        var (id, convictionId) = await Convicted();
        var release = Release(id, convictionId);
        release["effectiveDate"] = "2099-01-01";

        var response = await Agencies.Post(api.ClientAs("police", Agencies.Police), "/api/v1/exchange/sentence-events",
            release, Guid.NewGuid().ToString());

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("effectiveDate", out _));
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_bankruptcy_ban_is_in_force_for_its_term()
    {
        var id = Agencies.PersonalId(Born);
        var ban = new JsonObject
        {
            ["personalId"] = id, ["decisionNumber"] = "5/2021/QĐ-TBPS", ["decisionDate"] = "2021-03-01",
            ["court"] = Agencies.Court, ["post"] = "Giám đốc doanh nghiệp", ["startDate"] = "2021-03-10", ["months"] = 36,
            ["person"] = Agencies.Person(id, Born),
        };

        var response = await Agencies.Post(api.ClientAs("court", Agencies.Court), "/api/v1/exchange/bankruptcy-bans", ban, "ban-1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var during = (await _agencies.Record(id, new DateOnly(2024, 3, 9))).GetProperty("bankruptcyBans")[0];
        var after = (await _agencies.Record(id, new DateOnly(2024, 3, 10))).GetProperty("bankruptcyBans")[0];
        Assert.True(during.GetProperty("inForce").GetBoolean());
        Assert.False(after.GetProperty("inForce").GetBoolean());
    }

    [Fact]
    public async Task a_ban_starting_centuries_after_its_decision_is_refused_naming_the_start_and_writes_nothing()
    {
        var id = Agencies.PersonalId(Born);
        var ban = new JsonObject
        {
            ["personalId"] = id, ["decisionNumber"] = "7/2021/QĐ-TBPS", ["decisionDate"] = "2021-03-01",
            ["court"] = Agencies.Court, ["post"] = "Giám đốc", ["startDate"] = "9999-12-01", ["months"] = 36,
        };

        var response = await Agencies.Post(api.ClientAs("court", Agencies.Court), "/api/v1/exchange/bankruptcy-bans", ban, "ban-far");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("startDate", out _), problem.ToString());
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_nul_character_in_a_text_field_is_refused_naming_it_and_writes_nothing()
    {
        var id = Agencies.PersonalId(Born);
        var judgment = Agencies.Judgment(id, Born, new DateOnly(2020, 5, 4));
        judgment["judgmentNumber"] = "12/2020/HS-ST\u0000";

        var response = await Agencies.Post(api.ClientAs("court", Agencies.Court), "/api/v1/exchange/judgments", judgment, "nul-1");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("judgmentNumber", out _), problem.ToString());
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_court_cannot_report_a_ban_decided_by_another_court()
    {
        var id = Agencies.PersonalId(Born);
        var ban = new JsonObject
        {
            ["personalId"] = id, ["decisionNumber"] = "6/2021/QĐ-TBPS", ["decisionDate"] = "2021-03-01",
            ["court"] = Agencies.OtherCourt, ["post"] = "Giám đốc", ["startDate"] = "2021-03-10", ["months"] = 12,
        };

        var response = await Agencies.Post(api.ClientAs("court", Agencies.Court), "/api/v1/exchange/bankruptcy-bans", ban, "ban-2");

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }
}
