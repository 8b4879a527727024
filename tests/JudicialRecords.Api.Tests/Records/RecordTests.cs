using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Records;

public sealed class RecordTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static readonly DateOnly Born = new(1980, 1, 20);
    readonly Agencies _agencies = new(api);

    [Fact]
    public async Task two_years_of_prison_served_is_expunged_two_years_after_release_art_70_2_b()
    {
        var id = Agencies.PersonalId(Born);
        var conviction = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2019, 3, 1), prisonMonths: 24));
        await _agencies.SentenceEvent(id, conviction, "principalPenaltyCompleted", new DateOnly(2021, 3, 16));

        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2023, 3, 15)));
        var expunged = await _agencies.Conviction(id, conviction, new DateOnly(2023, 3, 16));
        Assert.Equal("expunged", expunged.GetProperty("status").GetString());
        Assert.Equal("2023-03-16", expunged.GetProperty("expungedOn").GetString());
        Assert.Contains("Art. 70(2)(b)", expunged.GetProperty("expungementBasis").GetString());
    }

    [Fact]
    public async Task a_fine_is_expunged_one_year_after_it_is_paid_art_70_2_a()
    {
        var id = Agencies.PersonalId(Born);
        var judgment = Agencies.Judgment(id, Born, new DateOnly(2020, 6, 1));
        judgment["principalPenalty"] = new JsonObject { ["type"] = "fine", ["fineVnd"] = 20_000_000 };
        var conviction = await _agencies.PushJudgment(judgment);

        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2023, 1, 1)));
        await _agencies.SentenceEvent(id, conviction, "finePaid", new DateOnly(2020, 9, 1), "enforcement", Agencies.Enforcement);

        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2021, 8, 31)));
        Assert.Equal("expunged", await _agencies.Status(id, conviction, new DateOnly(2021, 9, 1)));
    }

    [Fact]
    public async Task a_national_security_conviction_stays_active_until_a_court_expunges_it_art_71()
    {
        var id = Agencies.PersonalId(Born);
        var judgment = Agencies.Judgment(id, Born, new DateOnly(2019, 1, 10), prisonMonths: 12);
        judgment["offences"] = new JsonArray(new JsonObject { ["article"] = "117", ["name"] = "Tuyên truyền chống Nhà nước" });
        var conviction = await _agencies.PushJudgment(judgment);
        await _agencies.SentenceEvent(id, conviction, "principalPenaltyCompleted", new DateOnly(2020, 1, 25));

        var waiting = await _agencies.Conviction(id, conviction, new DateOnly(2025, 1, 1));
        Assert.Equal("active", waiting.GetProperty("status").GetString());
        Assert.Equal("XIII", waiting.GetProperty("offences")[0].GetProperty("chapter").GetString());

        // The decision need not name its basis: for chapter XIII it can only be Art. 71.
        await _agencies.CourtDecision(id, conviction, "expungementGranted", new DateOnly(2023, 6, 1));

        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2023, 5, 31)));
        var expunged = await _agencies.Conviction(id, conviction, new DateOnly(2023, 6, 1));
        Assert.Equal("expunged", expunged.GetProperty("status").GetString());
        Assert.Equal("Art. 71", expunged.GetProperty("expungementBasis").GetString());
    }

    [Fact]
    public async Task an_amended_penalty_sets_the_period_art_73_1()
    {
        var id = Agencies.PersonalId(Born);
        var conviction = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2018, 8, 1), prisonMonths: 84));
        await _agencies.CourtDecision(id, conviction, "judgmentAmended", new DateOnly(2019, 1, 1),
            d => d["principalPenalty"] = new JsonObject { ["type"] = "imprisonment", ["months"] = 36 });
        await _agencies.SentenceEvent(id, conviction, "principalPenaltyCompleted", new DateOnly(2021, 8, 16));

        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2023, 8, 15)));
        Assert.Equal("expunged", await _agencies.Status(id, conviction, new DateOnly(2023, 8, 16)));
    }

    [Fact]
    public async Task an_annulled_judgment_no_longer_appears_in_the_record()
    {
        var id = Agencies.PersonalId(Born);
        var conviction = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2020, 2, 1)));
        await _agencies.CourtDecision(id, conviction, "judgmentAnnulled", new DateOnly(2021, 4, 1));

        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2021, 3, 31)));
        Assert.Empty((await _agencies.Record(id, new DateOnly(2021, 4, 1))).GetProperty("convictions").EnumerateArray());
    }

    [Fact]
    public async Task an_unknown_person_is_a_404_problem()
    {
        var response = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{Agencies.PersonalId(Born)}");

        await response.AssertProblem(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task a_malformed_as_of_date_is_a_400_problem_naming_it()
    {
        var response = await api.ClientAs("clerk").GetAsync($"/api/v1/records/{Agencies.PersonalId(Born)}?asOf=01/02/2024");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("asOf", out _));
    }

    [Fact]
    public async Task an_applicant_cannot_read_records()
    {
        var id = Agencies.PersonalId(Born);

        var response = await api.ClientAs("applicant", subject: id).GetAsync($"/api/v1/records/{id}");

        await response.AssertProblem(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task reading_without_a_token_is_a_401_problem()
    {
        var response = await api.CreateClient().GetAsync($"/api/v1/records/{Agencies.PersonalId(Born)}");

        await response.AssertProblem(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task the_history_lists_every_event_with_its_provenance()
    {
        var id = Agencies.PersonalId(Born);
        var conviction = await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2019, 3, 1), number: "8/2019/HS-ST"));
        await _agencies.SentenceEvent(id, conviction, "principalPenaltyCompleted", new DateOnly(2021, 3, 16));

        var history = JsonDocument.Parse(await api.ClientAs("approver").GetStringAsync($"/api/v1/records/{id}/history")).RootElement;

        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["judgmentTookEffect", "principalPenaltyCompleted"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("8/2019/HS-ST", events[0].GetProperty("documentNumber").GetString());
        Assert.Equal("2019-03-16", events[0].GetProperty("effectiveDate").GetString());
        Assert.Equal(Agencies.Police, events[1].GetProperty("source").GetString());
        Assert.Equal("police", events[1].GetProperty("recordedBy").GetProperty("role").GetString());
        Assert.True(events[1].GetProperty("recordedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task every_read_is_listed_for_the_person_newest_first()
    {
        var id = Agencies.PersonalId(Born);
        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2019, 3, 1)));
        var clerk = api.ClientAs("clerk", subject: "officer-17");
        await clerk.GetAsync($"/api/v1/records/{id}?purpose=certificate%20application");
        await api.ClientAs("approver").GetAsync($"/api/v1/records/{id}/history");

        var reads = JsonDocument.Parse(await api.ClientAs("applicant", subject: id).GetStringAsync("/api/v1/me/record-access")).RootElement;

        var list = reads.EnumerateArray().ToList();
        Assert.Equal(["history", "record"], list.Select(r => r.GetProperty("view").GetString()));
        Assert.Equal("approver", list[0].GetProperty("role").GetString());
        Assert.Equal("clerk", list[1].GetProperty("role").GetString());
        Assert.Equal("officer-17", list[1].GetProperty("subject").GetString());
        Assert.Equal("certificate application", list[1].GetProperty("purpose").GetString());
        var others = JsonDocument.Parse(await api.ClientAs("applicant", subject: Agencies.PersonalId(Born)).GetStringAsync("/api/v1/me/record-access")).RootElement;
        Assert.Empty(others.EnumerateArray());
    }

    [Fact]
    public async Task an_access_entry_written_by_the_log_reads_back_through_marten_as_written()
    {
        // The log writes its rows with SQL of its own: every field, and Marten's metadata, must read back as Marten's own row does.
        var entry = new RecordAccess
        {
            Id = Guid.CreateVersion7(), PersonalId = Agencies.PersonalId(Born), View = "record", AsOf = new DateOnly(2024, 2, 29),
            Role = "court", Agency = Agencies.Court, Subject = "judge-3", Purpose = null, Found = true, Confidential = true,
            AccessedAt = new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero).AddTicks(1_234_567),
        };
        await api.Services.GetRequiredService<RecordAccessLog>().RecordAsync(entry, CancellationToken.None);
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var twin = new RecordAccess { Id = Guid.CreateVersion7(), PersonalId = entry.PersonalId, View = "twin", Role = "clerk" };
        await using (var session = store.LightweightSession())
        {
            session.Insert(twin);
            await session.SaveChangesAsync();
        }

        await using var query = store.QuerySession();
        Assert.Equivalent(entry, await query.LoadAsync<RecordAccess>(entry.Id), strict: true);
        Assert.Equal([entry.Id, twin.Id], (await query.Query<RecordAccess>().Where(a => a.PersonalId == entry.PersonalId).ToListAsync())
            .Select(a => a.Id).Order());
        var (written, marten) = (await query.MetadataForAsync(entry), await query.MetadataForAsync(twin));
        Assert.Equal(marten!.DotNetType, written!.DotNetType);
        Assert.NotEqual(Guid.Empty, written.CurrentVersion);
        Assert.True(written.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task a_read_is_recorded_as_finding_the_record_when_a_snapshot_or_only_a_stream_is_there()
    {
        var (kept, folded, unknown) = (Agencies.PersonalId(Born), Agencies.PersonalId(Born), Agencies.PersonalId(Born));
        await _agencies.PushJudgment(Agencies.Judgment(kept, Born, new DateOnly(2018, 4, 1)));
        await _agencies.PushJudgment(Agencies.Judgment(folded, Born, new DateOnly(2018, 5, 1)));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            // A stream without its snapshot: what a legacy import cut short between its two COPYs leaves.
            session.Delete<Domain.Records.CriminalRecord>(folded);
            await session.SaveChangesAsync();
        }
        var clerk = api.ClientAs("clerk", subject: "officer-19");

        var answers = new Dictionary<string, HttpResponseMessage>();
        foreach (var id in new[] { kept, folded, unknown }) answers[id] = await clerk.GetAsync($"/api/v1/records/{id}?purpose=check");

        Assert.Equal(HttpStatusCode.NotFound, answers[unknown].StatusCode);
        await using var query = store.QuerySession();
        foreach (var id in new[] { kept, folded })
        {
            Assert.Equal(HttpStatusCode.OK, answers[id].StatusCode);
            var record = JsonDocument.Parse(await answers[id].Content.ReadAsStringAsync()).RootElement;
            Assert.Single(record.GetProperty("convictions").EnumerateArray());
            // The version the exchange checks If-Match against: the stream's.
            var version = (await query.Events.FetchStreamStateAsync(id))!.Version;
            Assert.Equal($"\"{version}\"", answers[id].Headers.ETag!.Tag);
        }
        foreach (var (id, found) in new[] { (kept, true), (folded, true), (unknown, false) })
        {
            var reads = JsonDocument.Parse(await api.ClientAs("applicant", subject: id).GetStringAsync("/api/v1/me/record-access")).RootElement;
            var read = Assert.Single(reads.EnumerateArray());
            Assert.Equal(found, read.GetProperty("found").GetBoolean());
            Assert.Equal("check", read.GetProperty("purpose").GetString());
            Assert.Equal("clerk", read.GetProperty("role").GetString());
            Assert.Equal("officer-19", read.GetProperty("subject").GetString());
            // Written by the read's own statement, the row reads back through Marten as one of its own.
            var entry = Assert.Single(await query.Query<RecordAccess>().Where(a => a.PersonalId == id).ToListAsync());
            var metadata = await query.MetadataForAsync(entry);
            Assert.Equal(typeof(RecordAccess).FullName, metadata!.DotNetType);
            Assert.NotEqual(Guid.Empty, metadata.CurrentVersion);
            Assert.True(metadata.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
        }
    }

    [Fact]
    public async Task concurrent_reads_are_each_recorded_once_before_they_are_answered()
    {
        var id = Agencies.PersonalId(Born);
        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2021, 1, 1)));
        var clerk = api.ClientAs("clerk", subject: "officer-18");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => clerk.GetAsync($"/api/v1/records/{id}?purpose=read-{i}")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // Each answered read is in the log already: no waiting, no retry.
        var reads = JsonDocument.Parse(await api.ClientAs("applicant", subject: id).GetStringAsync("/api/v1/me/record-access")).RootElement;
        var purposes = reads.EnumerateArray().Select(r => r.GetProperty("purpose").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"read-{i}").Order(), purposes);
    }
}
