using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Tests.Exchange;

public sealed class JudgmentPushTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const string Judgments = "/api/v1/exchange/judgments";
    static readonly DateOnly Born = new(1985, 3, 12);
    readonly Agencies _agencies = new(api);

    HttpClient Court => api.ClientAs("court", Agencies.Court);

    static (string Id, JsonObject Judgment) NewJudgment()
    {
        var id = Agencies.PersonalId(Born);
        return (id, Agencies.Judgment(id, Born, new DateOnly(2020, 5, 4)));
    }

    [Fact]
    public async Task a_judgment_pushed_by_its_court_is_created_and_readable()
    {
        var (id, judgment) = NewJudgment();

        var response = await Agencies.Post(Court, Judgments, judgment, "first-push");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/records/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag); // the record's version after the append
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(id, body.GetProperty("personalId").GetString());
        var conviction = await _agencies.Conviction(id, body.GetProperty("convictionId").GetGuid(), new DateOnly(2021, 1, 1));
        Assert.Equal("active", conviction.GetProperty("status").GetString());
        Assert.Equal("XVI", conviction.GetProperty("offences")[0].GetProperty("chapter").GetString());
    }

    [Fact]
    public async Task replaying_the_same_key_and_body_returns_the_first_answer()
    {
        var (id, judgment) = NewJudgment();

        var first = await Agencies.Post(Court, Judgments, judgment, "replayed-key");
        var second = await Agencies.Post(Court, Judgments, judgment, "replayed-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public void a_field_added_later_is_left_out_of_the_hash_when_absent_so_earlier_messages_still_replay()
    {
        // ExchangeWriter.Hash re-serialises the request as read: a new member written as null would change the hash of every
        // message accepted before it existed, and their replays would get 409.
        var options = api.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        string Reserialised<T>() => JsonSerializer.Serialize(JsonSerializer.Deserialize<T>("{}", options), options);

        Assert.DoesNotContain("exemptedFromPunishment", Reserialised<JudgmentRequest>());
        Assert.DoesNotContain("exemptedFromPunishment", Reserialised<CourtDecisionRequest>());
        Assert.DoesNotContain("feeGround", Reserialised<JudicialRecords.Api.Features.Applications.SubmitApplicationRequest>());
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_an_idempotency_conflict()
    {
        var (id, judgment) = NewJudgment();
        await Agencies.Post(Court, Judgments, judgment, "conflicting-key");
        var changed = judgment.DeepClone().AsObject();
        changed["courtFeeVnd"] = 200_000;

        var response = await Agencies.Post(Court, Judgments, changed, "conflicting-key");

        await response.AssertProblem(HttpStatusCode.Conflict, ProblemTypes.IdempotencyConflict);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_missing_idempotency_key_is_a_400_problem_and_writes_nothing()
    {
        var (id, judgment) = NewJudgment();

        var response = await Agencies.Post(Court, Judgments, judgment, key: null);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_key_that_is_not_printable_ascii_is_a_400_problem()
    {
        var (_, judgment) = NewJudgment();

        var response = await Agencies.Post(Court, Judgments, judgment, new string('k', 129));

        await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task the_same_judgment_under_another_key_is_a_conflict_naming_the_existing_conviction()
    {
        var (id, judgment) = NewJudgment();
        var convictionId = await _agencies.PushJudgment(judgment);

        var response = await Agencies.Post(Court, Judgments, judgment, "another-key");

        var problem = await response.AssertProblem(HttpStatusCode.Conflict, ProblemTypes.DuplicateJudgment);
        Assert.Equal(convictionId, problem.GetProperty("convictionId").GetGuid());
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task concurrent_pushes_with_the_same_key_record_exactly_one_conviction()
    {
        var (id, judgment) = NewJudgment();
        var clients = Enumerable.Range(0, 8).Select(_ => api.ClientAs("court", Agencies.Court)).ToList();

        var responses = await Task.WhenAll(clients.Select(c => Agencies.Post(c, Judgments, judgment, "racing-key")));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses.Zip(bodies), r => Assert.True(r.First.StatusCode == HttpStatusCode.Created, r.Second));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task concurrent_pushes_of_the_same_judgment_under_different_keys_record_one_conviction()
    {
        var (id, judgment) = NewJudgment();
        var clients = Enumerable.Range(0, 6).Select(_ => api.ClientAs("court", Agencies.Court)).ToList();

        var responses = await Task.WhenAll(clients.Select((c, i) => Agencies.Post(c, Judgments, judgment, $"key-{i}")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task concurrent_pushes_share_a_transaction_and_each_event_keeps_its_own_sender()
    {
        // Two courts, each with its own clerk, pushing at once: pushes of the same moment are committed together (GroupCommit).
        var store = api.Services.GetRequiredService<IDocumentStore>();
        for (var round = 1; ; round++)
        {
            var pushes = Enumerable.Range(0, 16).Select(i =>
            {
                var court = i % 2 == 0 ? Agencies.Court : Agencies.OtherCourt;
                var (id, judgment) = NewJudgment();
                judgment["court"] = court;
                return (Id: id, Court: court, Clerk: $"clerk-{court}-{i}", Key: $"group-{round}-{i}", Judgment: judgment);
            }).ToList();
            var responses = await Task.WhenAll(pushes.Select(p =>
                Agencies.Post(api.ClientAs("court", p.Court, p.Clerk), Judgments, p.Judgment, p.Key)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

            await using var session = store.QuerySession();
            var correlations = new HashSet<string>();
            foreach (var push in pushes)
            {
                var e = Assert.Single(await session.Events.FetchStreamAsync(push.Id));
                Assert.Equal(push.Court, e.GetHeader("agency")?.ToString());
                Assert.Equal("court", e.GetHeader("role")?.ToString());
                Assert.Equal(push.Clerk, e.GetHeader("sub")?.ToString());
                Assert.Equal(IdempotencyRecord.IdFor(push.Court, push.Key), e.CausationId);
                Assert.True(correlations.Add(e.CorrelationId!), "each push has its own trace id");
            }
            // The transaction that wrote each event: fewer transactions than pushes means pushes were committed together.
            var transactions = await session.AdvancedSql.QueryAsync<long>(
                "select count(distinct xmin::text::bigint) from jr.mt_events where stream_id = any(?)", CancellationToken.None,
                [pushes.Select(p => p.Id).ToArray()]);
            if (transactions[0] < pushes.Count) break;
            Assert.True(round < 5, "In five rounds of 16 concurrent pushes, no two were committed in one transaction.");
        }
    }

    [Fact]
    public async Task a_committed_push_is_measured_phase_by_phase()
    {
        // The meter is the process's: pushes of other tests running meanwhile are measured too, and must look the same.
        var phases = new ConcurrentBag<(string Phase, double Seconds)>();
        var groups = new ConcurrentBag<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GroupCommitMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, pushes, _, _) => groups.Add(pushes));
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == GroupCommitMetrics.Phase) phases.Add(((string)tag.Value!, seconds));
        });
        listener.Start();

        var (_, judgment) = NewJudgment();
        var response = await Agencies.Post(Court, Judgments, judgment, "measured-push");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEmpty(groups);
        Assert.All(groups, pushes => Assert.InRange(pushes, 1, GroupCommit.MaxGroup));
        Assert.Equal(["commit", "decide", "read", "write"], phases.Select(p => p.Phase).Distinct().Order());
        Assert.All(phases, p => Assert.InRange(p.Seconds, double.Epsilon, 30)); // every phase takes time
    }

    public static TheoryData<string, string> BadJudgments => new()
    {
        { "birth date contradicting the personal ID", "person.personalId" },
        { "sex contradicting the personal ID", "person.personalId" },
        { "judgment date in the future", "judgmentDate" },
        { "effective before the judgment", "effectiveDate" },
        { "offence after the judgment", "offenceDate" },
        { "article unknown to the code in force", "offences[0].article" },
        { "chapter not the article's", "offences[0].chapter" },
        { "imprisonment without a term", "principalPenalty.months" },
        { "fine without an amount", "principalPenalty.fineVnd" },
        { "suspended sentence over three years", "principalPenalty.suspended" },
        { "suspended sentence without probation", "principalPenalty.probationMonths" },
        { "missing offences", "offences" },
        { "unknown penalty type", "principalPenalty.type" },
    };

    [Theory]
    [MemberData(nameof(BadJudgments))]
    public async Task bad_input_is_a_400_problem_naming_the_field_and_writes_nothing(string fault, string field)
    {
        var (id, judgment) = NewJudgment();
        Spoil(judgment, fault);

        var response = await Agencies.Post(Court, Judgments, judgment, Guid.NewGuid().ToString());

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{fault}: {problem}");
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task bad_input_about_a_known_person_leaves_the_record_unchanged()
    {
        var (id, judgment) = NewJudgment();
        await _agencies.PushJudgment(judgment);
        var second = Agencies.Judgment(id, Born, new DateOnly(2023, 1, 10));
        second["offences"]![0]!["article"] = "999";

        var response = await Agencies.Post(Court, Judgments, second, Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_foreigners_judgment_is_recorded_under_the_passport_number()
    {
        var passport = $"M{Random.Shared.Next(1_000_000, 9_999_999)}";
        var judgment = Agencies.Judgment(passport, Born, new DateOnly(2021, 3, 2));
        var person = (JsonObject)judgment["person"]!;
        person["fullName"] = "KIM MIN JUN";
        person["nationality"] = "Hàn Quốc";

        var convictionId = await _agencies.PushJudgment(judgment);
        await _agencies.SentenceEvent(passport, convictionId, "principalPenaltyCompleted", new DateOnly(2023, 3, 20));

        var record = await _agencies.Record(passport, new DateOnly(2024, 1, 1));
        Assert.Equal("Hàn Quốc", record.GetProperty("person").GetProperty("nationality").GetString());
        Assert.Equal(convictionId, Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("convictionId").GetGuid());
        Assert.Equal(2, await _agencies.HistoryCount(passport));
    }

    [Theory]
    [InlineData("Việt Nam", "M1234567")]
    [InlineData("Hàn Quốc", "m12-3456")]
    [InlineData("Hàn Quốc", "M1234567890")]
    public async Task an_identity_number_that_does_not_fit_the_nationality_is_a_400_naming_it(string nationality, string number)
    {
        var judgment = Agencies.Judgment(number, Born, new DateOnly(2021, 3, 2));
        ((JsonObject)judgment["person"]!)["nationality"] = nationality;

        var response = await Agencies.Post(Court, Judgments, judgment, Guid.NewGuid().ToString());

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("person.personalId", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.ClientAs("clerk").GetAsync($"/api/v1/records/0750900001?purpose=check")).StatusCode);
    }

    [Fact]
    public async Task a_later_message_that_leaves_out_identity_fields_does_not_erase_them()
    {
        var (id, judgment) = NewJudgment();
        await _agencies.PushJudgment(judgment);
        // A bankruptcy ban naming the person only, with a new residence: the parents' names Form 2 prints stay.
        var ban = new JsonObject
        {
            ["personalId"] = id, ["decisionNumber"] = "7/2023/QĐ-TBPS", ["decisionDate"] = "2023-03-01", ["court"] = Agencies.Court,
            ["post"] = "Giám đốc doanh nghiệp", ["startDate"] = "2023-03-10", ["months"] = 12,
            ["person"] = new JsonObject
            {
                ["personalId"] = id, ["fullName"] = "Nguyễn Văn An", ["dateOfBirth"] = Born.ToString("yyyy-MM-dd"), ["sex"] = "male",
                ["residence"] = "Long Khánh, Đồng Nai",
            },
        };

        var response = await Agencies.Post(api.ClientAs("court", Agencies.Court), "/api/v1/exchange/bankruptcy-bans", ban, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var person = (await _agencies.Record(id, new DateOnly(2024, 1, 1))).GetProperty("person");
        Assert.Equal("Long Khánh, Đồng Nai", person.GetProperty("residence").GetString());
        Assert.Equal("Nguyễn Văn Bình", person.GetProperty("fatherName").GetString());
        Assert.Equal("Trần Thị Cúc", person.GetProperty("motherName").GetString());
        Assert.Equal("Việt Nam", person.GetProperty("nationality").GetString());
    }

    [Fact]
    public async Task newer_person_details_in_a_later_judgment_update_the_record()
    {
        var (id, judgment) = NewJudgment();
        await _agencies.PushJudgment(judgment);
        var later = Agencies.Judgment(id, Born, new DateOnly(2023, 1, 10));
        later["person"] = Agencies.Person(id, Born, residence: "Quận 1, TP. Hồ Chí Minh");

        await _agencies.PushJudgment(later);

        var record = await _agencies.Record(id, new DateOnly(2024, 1, 1));
        Assert.Equal("Quận 1, TP. Hồ Chí Minh", record.GetProperty("person").GetProperty("residence").GetString());
        Assert.Equal(3, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_court_cannot_push_a_judgment_of_another_court()
    {
        var (id, judgment) = NewJudgment();

        var response = await Agencies.Post(api.ClientAs("court", Agencies.OtherCourt), Judgments, judgment, Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task police_cannot_push_judgments()
    {
        var (_, judgment) = NewJudgment();

        var response = await Agencies.Post(api.ClientAs("police", Agencies.Police), Judgments, judgment, Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task a_client_that_sends_every_field_with_zeros_and_the_chapter_in_digits_is_understood()
    {
        var (id, judgment) = NewJudgment();
        judgment["principalPenalty"] = new JsonObject
        {
            ["type"] = "imprisonment", ["months"] = 24, ["fineVnd"] = 0, ["suspended"] = false, ["probationMonths"] = 0,
        };
        judgment["supplementaryPenalties"] = new JsonArray(new JsonObject { ["type"] = "fine", ["months"] = 0, ["detail"] = "5.000.000 đồng" });
        judgment["offences"]![0]!["chapter"] = "16";

        var response = await Agencies.Post(Court, Judgments, judgment, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var conviction = (await _agencies.Record(id, new DateOnly(2021, 1, 1))).GetProperty("convictions")[0];
        Assert.Equal(24, conviction.GetProperty("principalPenalty").GetProperty("months").GetInt32());
        Assert.Equal(JsonValueKind.Null, conviction.GetProperty("principalPenalty").GetProperty("fineVnd").ValueKind);
    }

    [Fact]
    public async Task no_token_is_a_401_problem()
    {
        var (_, judgment) = NewJudgment();

        var response = await Agencies.Post(api.CreateClient(), Judgments, judgment, Guid.NewGuid().ToString());

        await response.AssertProblem(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    static void Spoil(JsonObject j, string fault)
    {
        var person = j["person"]!.AsObject();
        var penalty = j["principalPenalty"]!.AsObject();
        switch (fault)
        {
            case "birth date contradicting the personal ID": person["dateOfBirth"] = "1986-03-12"; break;
            case "sex contradicting the personal ID": person["sex"] = "female"; break;
            case "judgment date in the future": j["judgmentDate"] = "2099-01-01"; break;
            case "effective before the judgment": j["effectiveDate"] = "2020-05-01"; break;
            case "offence after the judgment": j["offenceDate"] = "2020-05-05"; break;
            case "article unknown to the code in force": j["offences"]![0]!["article"] = "138a"; break;
            case "chapter not the article's": j["offences"]![0]!["chapter"] = "XIII"; break;
            case "imprisonment without a term": penalty.Remove("months"); break;
            case "fine without an amount": penalty["type"] = "fine"; penalty.Remove("months"); break;
            case "suspended sentence over three years": penalty["months"] = 48; penalty["suspended"] = true; penalty["probationMonths"] = 48; break;
            case "suspended sentence without probation": penalty["months"] = 24; penalty["suspended"] = true; break;
            case "missing offences": j.Remove("offences"); break;
            case "unknown penalty type": penalty["type"] = "caning"; break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault);
        }
    }

    [Fact]
    public async Task a_push_for_a_person_whose_events_lost_their_snapshot_folds_them_and_keeps_both_judgments()
    {
        // An import cut short between its two COPYs leaves a stream without its record snapshot.
        var id = Agencies.PersonalId(Born);
        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2016, 5, 4), number: "5/2016/HS-ST"));
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Delete<CriminalRecord>(id);
            await session.SaveChangesAsync();
        }

        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2021, 5, 4), number: "9/2021/HS-ST"));

        var record = await _agencies.Record(id, DateOnly.FromDateTime(DateTime.Today));
        Assert.Equal(["5/2016/HS-ST", "9/2021/HS-ST"],
            record.GetProperty("convictions").EnumerateArray().Select(c => c.GetProperty("judgmentNumber").GetString()).Order());
        Assert.Equal(2, await _agencies.HistoryCount(id));
        await using var query = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(2, (await query.LoadAsync<CriminalRecord>(id))!.Version); // the snapshot stands for the whole stream again
    }
}
