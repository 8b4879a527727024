using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.LegacyImport;
using JudicialRecords.Api.Features.Reconciliation;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using JudicialRecords.Domain.Records;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Reconciliation;

static class ReconciliationJson
{
    /// <summary>One of the counts of a reconciliation answer.</summary>
    public static int Count(this JsonElement reconciliation, string name) => reconciliation.GetProperty("counts").GetProperty(name).GetInt32();
}

/// <summary>Each test reconciles a court of its own, so the tests of this class share a database without seeing each other.</summary>
public sealed class ReconciliationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const string Path = "/api/v1/exchange/reconciliation";
    static readonly DateOnly Born = new(1990, 5, 4);
    static int _courts;
    readonly Agencies _agencies = new(api);

    static string NewCourt() => $"TAND-R{Interlocked.Increment(ref _courts)}-{Random.Shared.Next(1000, 9999)}";

    /// <summary>Pushes a judgment of <paramref name="court"/> and returns who was convicted and the conviction id.</summary>
    async Task<(string PersonalId, Guid ConvictionId)> Push(string court, string number, DateOnly judged)
    {
        var id = Agencies.PersonalId(Born);
        var convictionId = await _agencies.PushJudgment(Agencies.Judgment(id, Born, judged, number: number, court: court), court);
        return (id, convictionId);
    }

    static JsonObject Entry(string number, DateOnly date, string personalId) => new()
    {
        ["judgmentNumber"] = number, ["judgmentDate"] = date.ToString("yyyy-MM-dd"), ["personalId"] = personalId,
    };

    static JsonObject List(string court, string from, string to, params JsonObject[] judgments) => new()
    {
        ["court"] = court, ["from"] = from, ["to"] = to, ["judgments"] = new JsonArray([.. judgments]),
    };

    static JsonObject Q3(string court, params JsonObject[] judgments) => List(court, "2026-07-01", "2026-09-30", judgments);

    async Task<JsonElement> Reconcile(string court, JsonObject body, string? key = null)
    {
        var response = await Agencies.Post(api.ClientAs("court", court), Path, body, key ?? Guid.NewGuid().ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var result = JsonDocument.Parse(text).RootElement;
        Assert.Equal($"{Path}/{result.GetProperty("reconciliationId").GetGuid()}", response.Headers.Location?.ToString());
        return result;
    }

    async Task<int> StoredReconciliations(string court)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<ReconciliationRecord>().CountAsync(r => r.Result.Court == court);
    }


    [Fact]
    public async Task a_court_gets_back_exactly_what_each_side_is_missing_and_what_differs()
    {
        var court = NewCourt();
        var (matchedId, _) = await Push(court, "10/2026/HS-ST", new DateOnly(2026, 7, 10));
        var (_, otherPersonConviction) = await Push(court, "20/2026/HS-ST", new DateOnly(2026, 8, 5));
        var (otherDateId, otherDateConviction) = await Push(court, "30/2026/HS-ST", new DateOnly(2026, 9, 1));
        var (unlistedId, unlistedConviction) = await Push(court, "40/2026/HS-ST", new DateOnly(2026, 8, 20));
        await Push(court, "5/2026/HS-ST", new DateOnly(2026, 6, 15)); // before the period: none of its business
        var elsewhere = NewCourt();
        await Push(elsewhere, "41/2026/HS-ST", new DateOnly(2026, 8, 21)); // another court's
        var stranger = Agencies.PersonalId(Born);
        var unknown = Agencies.PersonalId(Born);

        var result = await Reconcile(court, Q3(court,
            Entry("10/2026/HS-ST", new DateOnly(2026, 7, 10), matchedId),
            Entry("20/2026/HS-ST", new DateOnly(2026, 8, 5), stranger),
            Entry("30/2026/HS-ST", new DateOnly(2026, 9, 2), otherDateId),
            Entry("50/2026/HS-ST", new DateOnly(2026, 9, 15), unknown)));

        Assert.Equal(court, result.GetProperty("court").GetString());
        Assert.Equal("2026-07-01", result.GetProperty("from").GetString());
        Assert.Equal("2026-09-30", result.GetProperty("to").GetString());
        Assert.Equal(court, result.GetProperty("postedBy").GetString());
        Assert.Equal((4, 4, 1, 1, 1, 2, 0), (result.Count("courtCount"), result.Count("departmentCount"), result.Count("matched"),
            result.Count("missingHere"), result.Count("missingAtCourt"), result.Count("mismatched"), result.Count("annulled")));

        var missingHere = Assert.Single(result.GetProperty("missingHere").EnumerateArray());
        Assert.Equal(("50/2026/HS-ST", "2026-09-15", unknown),
            (missingHere.GetProperty("judgmentNumber").GetString(), missingHere.GetProperty("judgmentDate").GetString(), missingHere.GetProperty("personalId").GetString()));

        var missingAtCourt = Assert.Single(result.GetProperty("missingAtCourt").EnumerateArray());
        Assert.Equal(("40/2026/HS-ST", unlistedId, unlistedConviction, court),
            (missingAtCourt.GetProperty("judgmentNumber").GetString(), missingAtCourt.GetProperty("personalId").GetString(),
                missingAtCourt.GetProperty("convictionId").GetGuid(), missingAtCourt.GetProperty("source").GetString()));

        var mismatched = result.GetProperty("mismatched").EnumerateArray().ToList();
        Assert.Equal(2, mismatched.Count);
        Assert.Equal("20/2026/HS-ST", mismatched[0].GetProperty("court").GetProperty("judgmentNumber").GetString());
        Assert.Equal(stranger, mismatched[0].GetProperty("court").GetProperty("personalId").GetString());
        Assert.Equal(otherPersonConviction, mismatched[0].GetProperty("department").GetProperty("convictionId").GetGuid());
        Assert.Equal(["personalId"], mismatched[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("2026-09-02", mismatched[1].GetProperty("court").GetProperty("judgmentDate").GetString());
        Assert.Equal("2026-09-01", mismatched[1].GetProperty("department").GetProperty("judgmentDate").GetString());
        Assert.Equal(otherDateConviction, mismatched[1].GetProperty("department").GetProperty("convictionId").GetGuid());
        Assert.Equal(["judgmentDate"], mismatched[1].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty(result.GetProperty("annulled").EnumerateArray());

        // Stored as evidence: the court that posted it and clerks read it back; another court cannot see it.
        var url = $"{Path}/{result.GetProperty("reconciliationId").GetGuid()}";
        foreach (var reader in new[] { api.ClientAs("court", court), api.ClientAs("clerk"), api.ClientAs("approver") })
        {
            var stored = await reader.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(result.GetRawText()), JsonNode.Parse(await stored.Content.ReadAsStringAsync())));
        }
        await (await api.ClientAs("court", elsewhere).GetAsync(url)).AssertProblem(HttpStatusCode.NotFound);
        await (await api.ClientAs("applicant", subject: unknown).GetAsync(url)).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_annulled_judgment_is_not_held_and_is_reported_apart_when_the_court_lists_it()
    {
        var court = NewCourt();
        var (id, conviction) = await Push(court, "61/2026/HS-ST", new DateOnly(2026, 7, 20));
        var annulment = new JsonObject
        {
            ["personalId"] = id, ["convictionId"] = conviction, ["type"] = "judgmentAnnulled",
            ["documentNumber"] = "2/2026/QĐ-GĐT", ["documentDate"] = "2026-10-05",
        };
        var annulled = await Agencies.Post(api.ClientAs("court", court), "/api/v1/exchange/court-decisions", annulment, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, annulled.StatusCode);

        var result = await Reconcile(court, Q3(court, Entry("61/2026/HS-ST", new DateOnly(2026, 7, 20), id)));

        Assert.Equal(0, result.Count("departmentCount"));
        Assert.Equal(0, result.Count("matched"));
        var entry = Assert.Single(result.GetProperty("annulled").EnumerateArray());
        Assert.Equal(conviction, entry.GetProperty("convictionId").GetGuid());
        Assert.Equal("2026-10-05", entry.GetProperty("annulledOn").GetString());
        Assert.Empty(result.GetProperty("missingHere").EnumerateArray());
        Assert.Empty(result.GetProperty("missingAtCourt").EnumerateArray());
    }

    [Fact]
    public async Task another_courts_token_is_forbidden_and_nothing_is_stored()
    {
        var court = NewCourt();
        var (id, _) = await Push(court, "70/2026/HS-ST", new DateOnly(2026, 8, 1));
        var body = Q3(court, Entry("70/2026/HS-ST", new DateOnly(2026, 8, 1), id));

        var response = await Agencies.Post(api.ClientAs("court", NewCourt()), Path, body, "other-court-1");

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(0, await StoredReconciliations(court));
    }

    [Theory]
    [InlineData("applicant")]
    [InlineData("police")]
    [InlineData("clerk")]
    public async Task only_a_court_posts_a_reconciliation(string role)
    {
        var court = NewCourt();
        var client = role == "applicant" ? api.ClientAs(role, subject: Agencies.PersonalId(Born)) : api.ClientAs(role, role == "police" ? court : null);

        var response = await Agencies.Post(client, Path, Q3(court), "role-" + role);

        await response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await StoredReconciliations(court));
    }

    [Fact]
    public async Task a_replay_returns_the_first_answer_another_body_under_the_key_conflicts_and_a_missing_key_is_a_bad_request()
    {
        var court = NewCourt();
        var (id, _) = await Push(court, "80/2026/HS-ST", new DateOnly(2026, 7, 2));
        var body = Q3(court, Entry("80/2026/HS-ST", new DateOnly(2026, 7, 2), id));
        var first = await Reconcile(court, body, "replay-1");
        await Push(court, "81/2026/HS-ST", new DateOnly(2026, 7, 3)); // the department's side changes meanwhile

        var replay = await Agencies.Post(api.ClientAs("court", court), Path, body, "replay-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first.GetRawText()), JsonNode.Parse(await replay.Content.ReadAsStringAsync())));
        Assert.Equal(1, await StoredReconciliations(court));

        var other = await Agencies.Post(api.ClientAs("court", court), Path, Q3(court), "replay-1");
        await other.AssertProblem(HttpStatusCode.Conflict, ProblemTypes.IdempotencyConflict);

        var noKey = await Agencies.Post(api.ClientAs("court", court), Path, body);
        var problem = await noKey.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        var fresh = await Reconcile(court, body, "replay-2");
        Assert.Equal(2, fresh.Count("departmentCount"));
        Assert.Equal(2, await StoredReconciliations(court));
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "from after to", "to" },
        { "to in the future", "to" },
        { "a judgment date outside the period", "judgments[1].judgmentDate" },
        { "a personal ID of 11 digits", "judgments[0].personalId" },
        { "the same judgment and person twice", "judgments[2].personalId" },
        { "one judgment with two dates", "judgments[2].judgmentDate" },
        { "no judgment number", "judgments[1].judgmentNumber" },
        { "no list", "judgments" },
        { "no court", "court" },
        { "over the limit", "judgments" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task bad_input_is_a_bad_request_naming_the_field_and_stores_nothing(string @case, string field)
    {
        var court = NewCourt();
        var (a, b) = (Agencies.PersonalId(Born), Agencies.PersonalId(Born));
        var body = Q3(court,
            Entry("1/2026/HS-ST", new DateOnly(2026, 7, 1), a),
            Entry("2/2026/HS-ST", new DateOnly(2026, 8, 1), b),
            Entry("3/2026/HS-ST", new DateOnly(2026, 9, 1), a));
        JsonNode judgment(int i) => body["judgments"]![i]!;
        switch (@case)
        {
            case "from after to": body["from"] = "2026-10-01"; break;
            case "to in the future": body["to"] = "2099-12-31"; break;
            case "a judgment date outside the period": judgment(1)["judgmentDate"] = "2026-10-01"; break;
            case "a personal ID of 11 digits": judgment(0)["personalId"] = "07509000123"; break;
            case "the same judgment and person twice": judgment(2)["judgmentNumber"] = "1/2026/HS-ST"; judgment(2)["judgmentDate"] = "2026-07-01"; break;
            case "one judgment with two dates": judgment(2)["judgmentNumber"] = "2/2026/HS-ST"; break;
            case "no judgment number": judgment(1).AsObject().Remove("judgmentNumber"); break;
            case "no list": body.Remove("judgments"); break;
            case "no court": body.Remove("court"); break;
            case "over the limit":
                body["judgments"] = new JsonArray([.. Enumerable.Range(0, ReconciliationEndpoints.MaxJudgments + 1)
                    .Select(i => (JsonNode)Entry($"{i}/2026/HS-ST", new DateOnly(2026, 7, 1), a))]);
                break;
        }

        var response = await Agencies.Post(api.ClientAs("court", court), Path, body, "bad-input");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, await StoredReconciliations(court));
        // Nothing was written under the key: the corrected list goes through with it.
        await Reconcile(court, Q3(court), "bad-input");
    }

    [Fact]
    public async Task the_quarterly_report_shows_who_reconciled_with_the_counts_and_who_did_not()
    {
        var (reconciled, silent, partial) = (NewCourt(), NewCourt(), NewCourt());
        var (id, _) = await Push(reconciled, "90/2026/HS-ST", new DateOnly(2026, 7, 15));
        await Push(reconciled, "91/2026/HS-ST", new DateOnly(2026, 9, 29));
        await Push(silent, "92/2026/HS-ST", new DateOnly(2026, 8, 8));
        await Reconcile(reconciled, Q3(reconciled), "early"); // an earlier, worse reconciliation of the same quarter
        var last = await Reconcile(reconciled, List(reconciled, "2026-01-01", "2026-09-30",
            Entry("90/2026/HS-ST", new DateOnly(2026, 7, 15), id), Entry("93/2026/HS-ST", new DateOnly(2026, 3, 3), Agencies.PersonalId(Born))));
        await Reconcile(partial, List(partial, "2026-08-01", "2026-08-31"));

        foreach (var reader in new[] { api.ClientAs("clerk"), api.ClientAs("approver") })
        {
            var response = await reader.GetAsync($"{Path}/report?quarter=2026-Q3");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var report = JsonDocument.Parse(text).RootElement;
            Assert.Equal(("2026-Q3", "2026-07-01", "2026-09-30"),
                (report.GetProperty("quarter").GetString(), report.GetProperty("from").GetString(), report.GetProperty("to").GetString()));
            var courts = report.GetProperty("courts").EnumerateArray().ToDictionary(c => c.GetProperty("court").GetString()!);

            var done = courts[reconciled];
            Assert.Equal(2, done.GetProperty("judgmentsHeld").GetInt32());
            Assert.Equal("reconciled", done.GetProperty("status").GetString());
            var summary = done.GetProperty("lastReconciliation");
            Assert.Equal(last.GetProperty("reconciliationId").GetGuid(), summary.GetProperty("reconciliationId").GetGuid());
            Assert.Equal(reconciled, summary.GetProperty("postedBy").GetString());
            var counts = summary.GetProperty("counts");
            Assert.Equal((2, 2, 1, 1, 1, 0, 0),
                (counts.GetProperty("courtCount").GetInt32(), counts.GetProperty("departmentCount").GetInt32(), counts.GetProperty("matched").GetInt32(),
                    counts.GetProperty("missingHere").GetInt32(), counts.GetProperty("missingAtCourt").GetInt32(),
                    counts.GetProperty("mismatched").GetInt32(), counts.GetProperty("annulled").GetInt32()));

            var notDone = courts[silent];
            Assert.Equal(1, notDone.GetProperty("judgmentsHeld").GetInt32());
            Assert.Equal("notReconciled", notDone.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, notDone.GetProperty("lastReconciliation").ValueKind);

            Assert.Equal("partial", courts[partial].GetProperty("status").GetString());
            Assert.Equal(0, courts[partial].GetProperty("judgmentsHeld").GetInt32());
        }

        await (await api.ClientAs("court", reconciled).GetAsync($"{Path}/report?quarter=2026-Q3")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026Q3")]
    [InlineData("")]
    [InlineData("2099-Q1")]
    public async Task the_report_names_a_bad_quarter(string quarter)
    {
        var response = await api.ClientAs("clerk").GetAsync($"{Path}/report?quarter={quarter}");
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("quarter", out _));
    }

    [Fact]
    public async Task judgments_from_the_legacy_import_count_as_held_by_the_court_that_rendered_them()
    {
        var court = NewCourt();
        var (fresh, existing) = (Agencies.PersonalId(Born), Agencies.PersonalId(Born));
        await Push(court, "1/2026/HS-ST", new DateOnly(2026, 1, 5)); // an unrelated person on record already
        await _agencies.PushJudgment(Agencies.Judgment(existing, Born, new DateOnly(2026, 2, 2), number: "2/2026/HS-ST", court: court), court);
        JsonObject Old(string personalId, string number, DateOnly judged)
        {
            var line = Agencies.Judgment(personalId, Born, judged, number: number, court: court);
            line["source"] = Agencies.Police;
            return line;
        }

        // A person new to the store takes the bulk COPY path; one already on record the ordinary append.
        var summary = await api.Services.GetRequiredService<LegacyImporter>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n',
            Old(fresh, "7/2009/HSST", new DateOnly(2009, 3, 3)).ToJsonString(),
            Old(existing, "8/2009/HSST", new DateOnly(2009, 4, 4)).ToJsonString()))));
        Assert.Equal(2, summary.Imported);

        var result = await Reconcile(court, List(court, "2009-01-01", "2009-12-31", Entry("7/2009/HSST", new DateOnly(2009, 3, 3), fresh)));

        Assert.Equal(2, result.Count("departmentCount"));
        Assert.Equal(1, result.Count("matched"));
        var missing = Assert.Single(result.GetProperty("missingAtCourt").EnumerateArray());
        Assert.Equal(("8/2009/HSST", existing, Agencies.Police),
            (missing.GetProperty("judgmentNumber").GetString(), missing.GetProperty("personalId").GetString(), missing.GetProperty("source").GetString()));
        Assert.Equal(ValidJudgment.FilesConvictionIdOf(existing, court, "8/2009/HSST"), missing.GetProperty("convictionId").GetGuid());
    }

    [Fact]
    public async Task a_database_that_held_judgments_before_the_index_existed_gets_it_rebuilt_at_start_up()
    {
        var court = NewCourt();
        var (personalId, _) = await Push(court, "3/2026/HS-ST", new DateOnly(2026, 3, 3));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        async Task<int> Held()
        {
            await using var session = store.QuerySession();
            return await session.Query<JudgmentIndexEntry>().CountAsync(e => e.Court == court);
        }
        Assert.Equal(1, await Held());
        await using (var session = store.LightweightSession())
        {
            session.DeleteWhere<JudgmentIndexEntry>(_ => true); // as before the index existed
            await session.SaveChangesAsync();
        }
        Assert.Equal(0, await Held());

        await api.Services.GetServices<IInitialData>().OfType<BackfillJudgmentIndex>().Single().Populate(store, CancellationToken.None);

        Assert.Equal(1, await Held());
        var result = await Reconcile(court, List(court, "2026-01-01", "2026-03-31", Entry("3/2026/HS-ST", new DateOnly(2026, 3, 3), personalId)));
        Assert.Equal(1, result.Count("matched"));
    }

    [Fact]
    public async Task an_import_that_stopped_before_its_snapshot_and_index_rows_restores_both_on_the_next_run()
    {
        var court = NewCourt();
        var id = Agencies.PersonalId(Born);
        var line = Agencies.Judgment(id, Born, new DateOnly(2012, 6, 6), number: "9/2012/HSST", court: court);
        line["source"] = Agencies.Police;
        var importer = api.Services.GetRequiredService<LegacyImporter>();
        Assert.Equal(1, (await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(line.ToJsonString())))).Imported);
        var convictionId = ValidJudgment.FilesConvictionIdOf(id, court, "9/2012/HSST");
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Delete<CriminalRecord>(id);
            session.Delete<JudgmentIndexEntry>(convictionId);
            await session.SaveChangesAsync();
        }

        var rerun = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(line.ToJsonString())));

        Assert.Equal(0, rerun.Imported);
        await using var query = store.QuerySession();
        var row = await query.LoadAsync<JudgmentIndexEntry>(convictionId);
        Assert.NotNull(row);
        Assert.Equal((court, "9/2012/HSST", new DateOnly(2012, 6, 6), id, Agencies.Police, (DateOnly?)null),
            (row.Court, row.JudgmentNumber, row.JudgmentDate, row.PersonalId, row.Source, row.AnnulledOn));
        Assert.NotNull(await query.LoadAsync<CriminalRecord>(id));
    }
}
