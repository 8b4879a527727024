using System.Text;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.LegacyImport;
using JudicialRecords.Api.Features.Reconciliation;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.LegacyImport;

public sealed class LegacyImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static readonly DateOnly Born = new(1975, 4, 12);
    readonly Agencies _agencies = new(api);

    /// <summary>A pre-2010 police file entry: a 1999-code theft (Art. 138) with two years of prison.</summary>
    static JsonObject OldJudgment(string personalId, string number, DateOnly judged, DateOnly? completedOn)
    {
        var line = Agencies.Judgment(personalId, Born, judged, prisonMonths: 24, number: number);
        line["offences"] = new JsonArray(new JsonObject { ["article"] = "138", ["clause"] = "1", ["name"] = "Trộm cắp tài sản" });
        line["source"] = Agencies.Police;
        if (completedOn is { } c) line["completedOn"] = c.ToString("yyyy-MM-dd");
        return line;
    }

    async Task<LegacyImporter.Summary> Import(params string[] lines) =>
        await api.Services.GetRequiredService<LegacyImporter>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))));

    [Fact]
    public async Task imported_files_give_the_statuses_the_penal_code_prescribes()
    {
        var id = Agencies.PersonalId(Born);
        var summary = await Import(
            OldJudgment(id, "12/2006/HSST", new DateOnly(2006, 3, 10), completedOn: new DateOnly(2008, 3, 25)).ToJsonString(),
            OldJudgment(id, "40/2009/HSST", new DateOnly(2009, 6, 1), completedOn: null).ToJsonString());

        Assert.Equal(2, summary.Imported);
        Assert.Empty(summary.Rejected);
        var served = ValidJudgment.FilesConvictionIdOf(id, Agencies.Court, "12/2006/HSST");
        // Served 2008-03-25, but a new offence (late 2008) within the two-year wait restarts it (Art. 73(2)): still active.
        Assert.Equal("active", await _agencies.Status(id, served, new DateOnly(2026, 1, 1)));
        Assert.Equal(3, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_served_judgment_alone_is_expunged_two_years_after_release_art_70_2_b()
    {
        var id = Agencies.PersonalId(Born);
        await Import(OldJudgment(id, "7/2005/HSST", new DateOnly(2005, 1, 10), completedOn: new DateOnly(2007, 2, 1)).ToJsonString());

        var conviction = ValidJudgment.FilesConvictionIdOf(id, Agencies.Court, "7/2005/HSST");
        Assert.Equal("active", await _agencies.Status(id, conviction, new DateOnly(2009, 1, 31)));
        Assert.Equal("expunged", await _agencies.Status(id, conviction, new DateOnly(2009, 2, 1)));
    }

    [Fact]
    public async Task an_import_refreshes_the_planner_statistics_of_the_event_tables()
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var before = await LastMaintenance(session, "mt_events", "last_analyze", after: double.MinValue);

        var id = Agencies.PersonalId(Born);
        await Import(OldJudgment(id, "3/2004/HSST", new DateOnly(2004, 5, 10), completedOn: null).ToJsonString());

        Assert.True(await LastMaintenance(session, "mt_events", "last_analyze", after: before) > before, "mt_events was not analysed during the import");
    }

    [Fact]
    public async Task after_an_import_the_tables_it_filled_are_vacuumed()
    {
        await Import(OldJudgment(Agencies.PersonalId(Born), "4/2004/HSST", new DateOnly(2004, 6, 10), completedOn: null).ToJsonString());
        var started = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds() / 1000.0;

        await api.Services.GetRequiredService<LegacyImporter>().VacuumAsync(CancellationToken.None);

        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var table in new[] { "mt_events", "mt_streams", "mt_doc_criminalrecord", "mt_doc_judgment_index" })
            Assert.True(await LastMaintenance(session, table, "last_vacuum", after: started) >= started, $"{table} was not vacuumed");
    }

    /// <summary>
    /// When <paramref name="table"/> was last analysed or vacuumed (<paramref name="column"/> of pg_stat_user_tables, in epoch
    /// seconds; 0 for never), once it is later than <paramref name="after"/> or 20 s have passed: statistics reach the view
    /// through the statistics collector, so they are given a moment.
    /// </summary>
    static async Task<double> LastMaintenance(IQuerySession session, string table, string column, double after)
    {
        var sql = $"select coalesce(extract(epoch from {column}), 0)::float8 from pg_stat_user_tables where schemaname = 'jr' and relname = '{table}'";
        var last = (await session.AdvancedSql.QueryAsync<double>(sql, CancellationToken.None))[0];
        for (var i = 0; i < 200 && last <= after; i++, await Task.Delay(100))
            last = (await session.AdvancedSql.QueryAsync<double>(sql, CancellationToken.None))[0];
        return last;
    }

    [Fact]
    public async Task importing_the_same_file_twice_adds_nothing()
    {
        var id = Agencies.PersonalId(Born);
        var line = OldJudgment(id, "3/2004/HSST", new DateOnly(2004, 5, 5), completedOn: new DateOnly(2006, 5, 20)).ToJsonString();

        var first = await Import(line);
        var events = await _agencies.HistoryCount(id);
        var second = await Import(line);

        Assert.Equal(1, first.Imported);
        Assert.Equal(0, second.Imported);
        Assert.Equal(1, second.Skipped);
        Assert.Equal(events, await _agencies.HistoryCount(id));
    }

    /// <param name="eventsLanded">
    /// Which of the two COPYs (each on its own connection) committed before the crash: the events, or the snapshot and its index rows.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_run_that_stopped_between_its_two_copies_is_repaired_by_the_next(bool eventsLanded)
    {
        var id = Agencies.PersonalId(Born);
        var number = eventsLanded ? "5/2002/HSST" : "8/2002/HSST";
        var line = OldJudgment(id, number, new DateOnly(2002, 5, 5), completedOn: new DateOnly(2004, 5, 20)).ToJsonString();
        await Import(line);
        var events = await _agencies.HistoryCount(id);
        await Sql(eventsLanded
            ? $"delete from jr.mt_doc_criminalrecord where id = '{id}';"
            : $"delete from jr.mt_events where stream_id = '{id}'; delete from jr.mt_streams where id = '{id}';");

        var rerun = await Import(line);

        Assert.Equal(eventsLanded ? 0 : 1, rerun.Imported);
        Assert.Equal(events, await _agencies.HistoryCount(id));
        var record = await _agencies.Record(id, new DateOnly(2026, 1, 1));
        Assert.Equal(number, Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("judgmentNumber").GetString());
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Single(await session.Query<JudgmentIndexEntry>().Where(e => e.PersonalId == id).ToListAsync());
    }

    [Fact]
    public async Task when_the_event_copy_fails_and_the_snapshot_copy_lands_every_person_is_still_imported_once()
    {
        var (first, racing) = (Agencies.PersonalId(Born), Agencies.PersonalId(Born));
        // What a court's push of one of the batch's people, between the check for existing streams and the COPY, does to the
        // event COPY: a unique violation on that stream, once. The snapshot COPY, on its own connection, lands.
        await Sql($"""
            create sequence jr.test_race_once;
            create function jr.test_race() returns trigger language plpgsql as $$
            begin
              if new.id = '{racing}' and nextval('jr.test_race_once') = 1 then
                raise exception 'simulated race' using errcode = 'unique_violation';
              end if;
              return new;
            end $$;
            create trigger test_race before insert on jr.mt_streams for each row execute function jr.test_race();
            """);
        try
        {
            var summary = await Import(
                OldJudgment(first, "6/2002/HSST", new DateOnly(2002, 6, 6), completedOn: new DateOnly(2004, 6, 20)).ToJsonString(),
                OldJudgment(racing, "7/2002/HSST", new DateOnly(2002, 7, 7), completedOn: null).ToJsonString());

            Assert.Equal(2, summary.Imported);
        }
        finally
        {
            await Sql("drop trigger test_race on jr.mt_streams; drop function jr.test_race(); drop sequence jr.test_race_once;");
        }
        Assert.Equal(2, await _agencies.HistoryCount(first)); // the judgment and the end of its prison term
        Assert.Equal(1, await _agencies.HistoryCount(racing));
        foreach (var (id, number) in new[] { (first, "6/2002/HSST"), (racing, "7/2002/HSST") })
        {
            var record = await _agencies.Record(id, new DateOnly(2026, 1, 1));
            Assert.Equal(number, Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("judgmentNumber").GetString());
        }
    }

    async Task Sql(string sql)
    {
        await using var connection = api.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task a_person_already_on_record_gets_only_the_missing_judgments()
    {
        var id = Agencies.PersonalId(Born);
        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2020, 2, 2)));
        var before = await _agencies.HistoryCount(id);

        var summary = await Import(OldJudgment(id, "9/2003/HSST", new DateOnly(2003, 9, 9), completedOn: new DateOnly(2005, 9, 30)).ToJsonString());

        Assert.Equal(1, summary.Imported);
        Assert.Equal(before + 2, await _agencies.HistoryCount(id));
        var record = await _agencies.Record(id, new DateOnly(2026, 1, 1));
        Assert.Equal(2, record.GetProperty("convictions").GetArrayLength());
    }

    [Fact]
    public async Task a_judgment_the_court_already_pushed_is_not_imported_a_second_time()
    {
        var id = Agencies.PersonalId(Born);
        await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2009, 2, 2), number: "5/2009/HSST"));
        var before = await _agencies.HistoryCount(id);

        var summary = await Import(OldJudgment(id, "5/2009/HSST", new DateOnly(2009, 2, 2), completedOn: null).ToJsonString());

        Assert.Equal(0, summary.Imported);
        Assert.Equal(1, summary.Skipped);
        Assert.Equal(before, await _agencies.HistoryCount(id));
        var record = await _agencies.Record(id, new DateOnly(2026, 1, 1));
        Assert.Equal("5/2009/HSST", Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("judgmentNumber").GetString());
    }

    [Fact]
    public async Task a_file_that_says_a_judgment_on_record_was_served_adds_its_completion_once()
    {
        var id = Agencies.PersonalId(Born);
        var judged = new DateOnly(2009, 2, 2);
        var pushed = await _agencies.PushJudgment(Agencies.Judgment(id, Born, judged, number: "6/2009/HSST"));
        var before = await _agencies.HistoryCount(id);
        var line = OldJudgment(id, "6/2009/HSST", judged, completedOn: new DateOnly(2011, 2, 17));
        line["court"] = "TAND tỉnh Đồng Nai";

        var first = await Import(line.ToJsonString());
        var second = await Import(line.ToJsonString());

        Assert.Equal((0, 1), (first.Imported, first.Skipped));
        Assert.Equal((0, 1, 0L), (second.Imported, second.Skipped, second.Events));
        Assert.Equal(before + 1, await _agencies.HistoryCount(id)); // the end of the prison term, on the court's conviction
        // Two years of prison served on 2011-02-17: expunged two years later (Art. 70(2)(b)), not waiting for ever.
        Assert.Equal("active", await _agencies.Status(id, pushed, new DateOnly(2013, 2, 16)));
        Assert.Equal("expunged", await _agencies.Status(id, pushed, new DateOnly(2013, 2, 17)));
    }

    [Fact]
    public async Task a_file_completes_the_court_fee_of_a_judgment_whose_release_is_on_record()
    {
        // The release was reported, the court fee never was: the file's "served in full" supplies the fee, not the release again.
        var id = Agencies.PersonalId(Born);
        var judged = new DateOnly(2009, 4, 4);
        var judgment = Agencies.Judgment(id, Born, judged, number: "12/2009/HSST");
        judgment["courtFeeVnd"] = 200_000;
        var pushed = await _agencies.PushJudgment(judgment);
        await _agencies.SentenceEvent(id, pushed, "principalPenaltyCompleted", new DateOnly(2011, 4, 19));
        var line = OldJudgment(id, "12/2009/HSST", judged, completedOn: new DateOnly(2012, 6, 1));
        line["courtFeeVnd"] = 200_000;

        await Import(line.ToJsonString());

        // Art. 70(2): two years from the last of release (2011-04-19) and fee (2012-06-01).
        Assert.Equal("active", await _agencies.Status(id, pushed, new DateOnly(2014, 5, 31)));
        Assert.Equal("expunged", await _agencies.Status(id, pushed, new DateOnly(2014, 6, 1)));
    }

    [Fact]
    public async Task a_later_line_of_the_batch_completes_the_judgment_an_earlier_line_gave()
    {
        var id = Agencies.PersonalId(Born);
        var judged = new DateOnly(2005, 3, 3);
        // A court the directory does not know, spelt two ways: the record's own matching makes them one judgment.
        var written = OldJudgment(id, "2/2005/HSST", judged, completedOn: null);
        written["court"] = "TAND huyện Xuân Lộc";
        var completed = OldJudgment(id, "2/2005/HSST", judged, completedOn: new DateOnly(2007, 3, 18));
        completed["court"] = "TAND Huyện Xuân Lộc";

        var summary = await Import(written.ToJsonString(), completed.ToJsonString());

        Assert.Equal((1, 1), (summary.Imported, summary.Skipped));
        Assert.Equal(2, await _agencies.HistoryCount(id));
        var conviction = ValidJudgment.FilesConvictionIdOf(id, "TAND huyện Xuân Lộc", "2/2005/HSST");
        Assert.Equal("expunged", await _agencies.Status(id, conviction, new DateOnly(2009, 3, 18)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task one_judgment_given_twice_in_a_batch_with_its_court_spelt_differently_is_imported_once(bool personOnRecord)
    {
        var id = Agencies.PersonalId(Born);
        // A person on record takes the append path, a new one the bulk COPY: both must see the batch's own duplicates.
        if (personOnRecord) await _agencies.PushJudgment(Agencies.Judgment(id, Born, new DateOnly(2020, 2, 2)));
        var before = await _agencies.HistoryCount(id);
        var judged = new DateOnly(2006, 4, 4);
        var written = OldJudgment(id, "8/2006/HSST", judged, completedOn: null);
        written["court"] = "TAND huyện Xuân Lộc";
        var respelt = OldJudgment(id, "8/2006/HSST", judged, completedOn: null);
        respelt["court"] = "TAND  Huyện Xuân Lộc";

        var summary = await Import(written.ToJsonString(), respelt.ToJsonString());

        Assert.Equal(1, summary.Imported);
        Assert.Equal(1, summary.Skipped);
        Assert.Equal(before + 1, await _agencies.HistoryCount(id));
        var record = await _agencies.Record(id, new DateOnly(2026, 1, 1));
        Assert.Single(record.GetProperty("convictions").EnumerateArray(), c => c.GetProperty("judgmentNumber").GetString() == "8/2006/HSST");
    }

    [Fact]
    public async Task a_court_the_directory_knows_is_recorded_under_its_code_however_the_file_writes_it()
    {
        var id = Agencies.PersonalId(Born);
        var line = OldJudgment(id, "9/2006/HSST", new DateOnly(2006, 5, 5), completedOn: null);
        line["court"] = "Toà án nhân dân tỉnh Đồng Nai";

        Assert.Equal(1, (await Import(line.ToJsonString())).Imported);

        var record = await _agencies.Record(id, new DateOnly(2026, 1, 1));
        Assert.Equal(Agencies.Court, Assert.Single(record.GetProperty("convictions").EnumerateArray()).GetProperty("court").GetString());
    }

    [Fact]
    public async Task rejected_lines_are_reported_with_their_number_and_reason_and_write_nothing()
    {
        var id = Agencies.PersonalId(Born);
        var noSource = OldJudgment(id, "1/2007/HSST", new DateOnly(2007, 1, 1), completedOn: null);
        noSource.Remove("source");
        var unknownArticle = OldJudgment(id, "2/2007/HSST", new DateOnly(2007, 2, 2), completedOn: null);
        unknownArticle["offences"]![0]!["article"] = "999";

        var summary = await Import(noSource.ToJsonString(), "{ not json", unknownArticle.ToJsonString());

        Assert.Equal(0, summary.Imported);
        Assert.Collection(summary.Rejected,
            r => { Assert.Equal(1, r.Line); Assert.Contains("source", r.Reason); },
            r => { Assert.Equal(2, r.Line); Assert.Contains("not valid JSON", r.Reason); },
            r => { Assert.Equal(3, r.Line); Assert.Contains("offences[0].article", r.Reason); });
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_blank_or_overlong_document_number_and_a_blank_source_are_rejected_as_the_exchange_rejects_them()
    {
        var id = Agencies.PersonalId(Born);
        JsonObject Line(int n, string field, string value)
        {
            var line = OldJudgment(id, $"{n}/2008/HSST", new DateOnly(2008, n, 1), completedOn: new DateOnly(2010, n, 20));
            line[field] = value;
            return line;
        }

        var summary = await Import(
            Line(1, "documentNumber", "").ToJsonString(),
            Line(2, "documentNumber", "   ").ToJsonString(),
            Line(3, "documentNumber", new string('9', 65)).ToJsonString(),
            Line(4, "source", " ").ToJsonString(),
            Line(5, "documentNumber", " 17/GCN-TG ").ToJsonString());

        Assert.Equal(1, summary.Imported);
        Assert.Collection(summary.Rejected,
            r => { Assert.Equal(1, r.Line); Assert.Equal("documentNumber: Required.", r.Reason); },
            r => { Assert.Equal(2, r.Line); Assert.Equal("documentNumber: Required.", r.Reason); },
            r => { Assert.Equal(3, r.Line); Assert.Equal("documentNumber: At most 64 characters.", r.Reason); },
            r => { Assert.Equal(4, r.Line); Assert.Equal("source: Required.", r.Reason); });
        var history = System.Text.Json.JsonDocument.Parse(await api.ClientAs("clerk").GetStringAsync($"/api/v1/records/{id}/history"));
        var completion = history.RootElement.GetProperty("events")[1];
        Assert.Equal("principalPenaltyCompleted", completion.GetProperty("type").GetString());
        Assert.Equal("17/GCN-TG", completion.GetProperty("documentNumber").GetString()); // trimmed, as the exchange keeps it
    }
}
