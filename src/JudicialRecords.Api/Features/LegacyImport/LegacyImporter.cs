using System.Numerics;
using System.Text;
using System.Text.Json;
using JasperFx.Events;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.Reconciliation;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Npgsql;
using Weasel.Core;

namespace JudicialRecords.Api.Features.LegacyImport;

/// <summary>
/// Loads digitised historical records (`jr import FILE.jsonl`): one judgment per line, in the shape of a
/// judgment push, plus the agency whose files it comes from (<c>source</c>) and, when the judgment was
/// served in full, <c>completedOn</c>. Every line is checked as a push would be; rejected lines are
/// reported with their number and reason and write nothing.
/// </summary>
/// <remarks>
/// Re-running is safe: a conviction's id is derived from the person, court and judgment number, and a
/// judgment already on record (from this file, a court's push or the police files) is skipped, but for a
/// completion it lacks (which a second run finds recorded). People new to the store go through Marten's bulk COPY of
/// events and of record snapshots with their judgment index rows, since the COPY runs no inline projection
/// (a crash between the two leaves nothing a re-run cannot repair); people who already have a record get
/// the missing convictions through the ordinary append, which keeps the inline projections and optimistic
/// concurrency.
/// </remarks>
public sealed class LegacyImporter(IDocumentStore store, IOptions<JsonOptions> json, AgencyNames courts, TimeProvider time)
{
    public const int BatchSize = 5_000;

    public sealed record Rejection(long Line, string Reason);

    public sealed record Summary(long Lines, long Imported, long Skipped, long Events, IReadOnlyList<Rejection> Rejected);

    sealed record LegacyExtras(string? Source, DateOnly? CompletedOn, string? DocumentNumber);

    /// <param name="Events">The judgment and, when the line gives <paramref name="CompletedOn"/>, its completion.</param>
    /// <param name="CompletionDocument">The document number the completion is recorded under.</param>
    sealed record Accepted(long Line, string PersonalId, JudgmentTookEffect Judgment, IReadOnlyList<IRecordEvent> Events, DateOnly? CompletedOn,
        string CompletionDocument);

    /// <param name="progress">Called after each batch with the number of bytes read so far.</param>
    public async Task<Summary> ImportAsync(Stream input, Action<long>? progress = null, CancellationToken cancellation = default)
    {
        var today = VietnamTime.Today(time);
        var rejected = new List<Rejection>();
        long lines = 0, imported = 0, skipped = 0, events = 0;
        using var reader = new StreamReader(input, Encoding.UTF8);
        // Checking lines is CPU work and writing them is PostgreSQL's: check batch n + 1 while batch n is written.
        Task<(int Convictions, long Events)>? writing = null;
        // And the planner's statistics are refreshed while the next batch is written, not in between.
        var analyzing = Task.CompletedTask;
        var (writingCount, batches) = (0, 0);
        try
        {
            while (true)
            {
                var (texts, first) = (new List<string>(BatchSize), lines + 1);
                while (texts.Count < BatchSize && await reader.ReadLineAsync(cancellation) is { } text) texts.Add(text);
                lines += texts.Count;
                var parsed = new Accepted?[texts.Count];
                var reasons = new string?[texts.Count];
                Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
                {
                    if (!string.IsNullOrWhiteSpace(texts[i])) parsed[i] = Parse(first + i, texts[i], today, out reasons[i]);
                });
                for (var i = 0; i < texts.Count; i++)
                    if (reasons[i] is { } reason) rejected.Add(new Rejection(first + i, reason));

                if (writing is not null)
                {
                    var (convictions, eventsWritten) = await writing;
                    (imported, skipped, events) = (imported + convictions, skipped + writingCount - convictions, events + eventsWritten);
                    progress?.Invoke(input.CanSeek ? input.Position : 0);
                    if (BitOperations.IsPow2(++batches))
                    {
                        await analyzing;
                        analyzing = AnalyzeAsync(cancellation);
                    }
                }
                var batch = parsed.OfType<Accepted>().ToList();
                if (batch.Count == 0 && texts.Count == 0) break;
                (writing, writingCount) = (WriteAsync(batch, cancellation), batch.Count);
            }
        }
        catch
        {
            // A failed import leaves nothing running on its own: it waits for the write and the ANALYZE it started, whose own
            // failures follow from this one.
            await Task.WhenAll(writing ?? Task.CompletedTask, analyzing).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
        await analyzing;
        return new Summary(lines, imported, skipped, events, rejected);
    }

    /// <summary>
    /// The event tables grow here from nothing to millions of rows far faster than autovacuum notices, and the projection
    /// daemon's reading of new events, planned for a nearly empty table, became a scan of the whole table: 322 ms a page
    /// of 500 events at the end of a 200,000-person import instead of 15 ms. Refresh the planner's statistics after batches
    /// 1, 2, 4, 8, … so every query keeps a plan fit for the table's size. Only the columns queries filter, sort and join on: no
    /// plan is estimated from the JSON bodies, and sampling them is most of an ANALYZE's work.
    /// </summary>
    Task AnalyzeAsync(CancellationToken cancellation) => MaintainAsync("analyze",
        [$"{EventTables[0]} (seq_id, stream_id, version, type, timestamp, is_archived)", $"{EventTables[1]} (id, type, version, timestamp, is_archived)"],
        unbounded: false, cancellation);

    /// <summary>
    /// Run once an import has finished (the CLI does): VACUUM (ANALYZE) of the tables it filled. Freshly loaded rows carry no
    /// commit hint bits and no visibility map, so until autovacuum gets to millions of them, each first read of a page writes
    /// it again, and autovacuum's own pass then competes with the service's reads for the cores. Doing it here, once, leaves
    /// the tables as a long-running database has them.
    /// </summary>
    public Task VacuumAsync(CancellationToken cancellation) =>
        MaintainAsync("vacuum (analyze)", [.. EventTables, .. new[] { typeof(CriminalRecord), typeof(JudgmentIndexEntry) }
            .Select(type => store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName)], unbounded: true, cancellation);

    string[] EventTables => [$"{store.Options.Events.DatabaseSchemaName}.mt_events", $"{store.Options.Events.DatabaseSchemaName}.mt_streams"];

    /// <summary>
    /// ANALYZE or VACUUM of <paramref name="tables"/>, outside a transaction as VACUUM must be; <paramref name="unbounded"/>
    /// lifts the command timeout (a VACUUM can take minutes on millions of rows).
    /// </summary>
    async Task MaintainAsync(string command, IEnumerable<string> tables, bool unbounded, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var maintain = new NpgsqlCommand($"{command} {string.Join(", ", tables)}", connection);
        if (unbounded) maintain.CommandTimeout = 0;
        await maintain.ExecuteNonQueryAsync(cancellation);
    }

    Accepted? Parse(long line, string text, DateOnly today, out string? reason)
    {
        reason = null;
        JudgmentRequest? request;
        LegacyExtras? extras;
        try
        {
            request = JsonSerializer.Deserialize<JudgmentRequest>(text, json.Value.SerializerOptions);
            extras = JsonSerializer.Deserialize<LegacyExtras>(text, json.Value.SerializerOptions);
        }
        catch (JsonException e)
        {
            reason = $"not valid JSON: {e.Message}";
            return null;
        }
        if (request is null || extras is null)
        {
            reason = "not a JSON object";
            return null;
        }

        var errors = new FieldErrors();
        // Digitised files name the court as written ("TAND tỉnh Đồng Nai"): recorded under its code where the directory knows it,
        // as police answers are, so the court's own push and reconciliation find the judgment.
        var judgment = ExchangeValidation.Judgment(request with { Court = courts.CodeOrWritten(request.Court) }, today, errors);
        var source = errors.Text("source", extras.Source, 64, required: true);
        // Optional (the judgment number stands in), but when given it is checked as the exchange checks a document number:
        // an empty one would otherwise be recorded as the completion's document.
        var documentNumber = errors.Text("documentNumber", extras.DocumentNumber, 64, required: extras.DocumentNumber is not null);
        if (judgment is not null) ExchangeValidation.CompletedOn(errors, "completedOn", extras.CompletedOn, judgment, today);
        if (errors.Any || judgment is null)
        {
            reason = errors.Describe();
            return null;
        }

        var personalId = judgment.Person.PersonalId;
        var took = judgment.TookEffect(judgment.FilesConvictionId, source!);
        var document = documentNumber ?? judgment.JudgmentNumber;
        List<IRecordEvent> all = [took];
        if (extras.CompletedOn is { } completedOn)
            all.AddRange(CompletedJudgment.FollowUps(took, completedOn, source!, document));
        return new Accepted(line, personalId, took, all, extras.CompletedOn, document);
    }

    async Task<(int Convictions, long Events)> WriteAsync(List<Accepted> batch, CancellationToken cancellation)
    {
        var people = batch.GroupBy(a => a.PersonalId).ToDictionary(g => g.Key, g => g.ToList());
        var (existing, leftovers) = await OnRecordAsync([.. people.Keys], cancellation);

        var fresh = people.Where(p => !existing.Contains(p.Key)).ToDictionary();
        var (convictions, events) = (0, 0L);
        if (fresh.Count > 0)
        {
            try
            {
                (convictions, events) = await BulkInsertAsync(fresh, leftovers, cancellation);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Someone (an agency push) started one of these streams meanwhile: take the careful path for all.
                existing = [.. people.Keys];
            }
        }
        foreach (var personalId in existing)
        {
            var (c, n) = await AppendAsync(personalId, people[personalId], cancellation);
            convictions += c;
            events += n;
        }
        return (convictions, events);
    }

    /// <summary>
    /// Which of <paramref name="personalIds"/> have a stream, and which have only a record snapshot: the leftover of an import
    /// that crashed between its two COPYs. One read, rather than deleting snapshots and index rows for every person of a batch.
    /// </summary>
    async Task<(HashSet<string> Streams, HashSet<string> SnapshotsOnly)> OnRecordAsync(string[] personalIds, CancellationToken cancellation)
    {
        var records = store.Options.FindOrResolveDocumentType(typeof(CriminalRecord)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"""
            select person.id, stream.id is not null from unnest($1) as person(id)
              left join {EventTables[1]} as stream on stream.id = person.id
              left join {records} as record on record.id = person.id
            where stream.id is not null or record.id is not null
            """, connection) { Parameters = { new() { Value = personalIds } } };
        var (streams, snapshotsOnly) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) (reader.GetBoolean(1) ? streams : snapshotsOnly).Add(reader.GetString(0));
        return (streams, snapshotsOnly);
    }

    async Task<(int, long)> BulkInsertAsync(Dictionary<string, List<Accepted>> people, HashSet<string> leftovers, CancellationToken cancellation)
    {
        var documents = new List<object>(2 * people.Count);
        var streams = new List<StreamAction>(people.Count);
        var (convictions, events) = (0, 0L);
        foreach (var (personalId, accepted) in people)
        {
            var record = new CriminalRecord { Id = personalId };
            var (added, ordered) = Fold(record, accepted);
            documents.Add(record);
            // The bulk COPY of events runs no inline projection: the judgment index rows go with the snapshot.
            documents.AddRange(JudgmentIndexEntry.FromEvents(ordered));
            var action = StreamAction.Start((IEventRegistry)((StoreOptions)store.Options).Events, personalId, [.. ordered]);
            action.AggregateType = typeof(CriminalRecord);
            streams.Add(action);
            (convictions, events) = (convictions + added, events + ordered.Count);
        }
        // A snapshot without its stream can only be the leftover of an import that crashed in between: replace it and the
        // person's index rows, which came with it.
        if (leftovers.Count > 0)
        {
            await using var session = store.LightweightSession();
            session.DeleteWhere<CriminalRecord>(r => r.Id.IsOneOf(leftovers.ToArray()));
            session.DeleteWhere<JudgmentIndexEntry>(r => r.PersonalId.IsOneOf(leftovers.ToArray()));
            await session.SaveChangesAsync(cancellation);
        }
        // Two connections at once (the snapshots and index rows share one transaction); when only one lands, AppendAsync
        // repairs each person of the batch, on this run (a push started one of these streams meanwhile: see WriteAsync) or
        // the next (a crash in between): a stream without its snapshot is folded again, a snapshot without its stream is
        // dropped and the stream started afresh.
        await Task.WhenAll(
            store.BulkInsertDocumentsAsync(documents, BulkInsertMode.InsertsOnly, batchSize: BatchSize, cancellation: cancellation),
            store.BulkInsertEventsAsync(streams, batchSize: 4 * BatchSize, cancellation: cancellation));
        return (convictions, events);
    }

    async Task<(int, long)> AppendAsync(string personalId, List<Accepted> accepted, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<CriminalRecord>(personalId, cancellation);
        if (stream is { Aggregate: not null, CurrentVersion: 0 })
        {
            // The snapshot of a bulk COPY whose events did not land: drop it, or its judgments would look recorded already.
            // Its judgment index rows are rewritten by the inline projection as the stream starts.
            session.Delete<CriminalRecord>(personalId);
            await session.SaveChangesAsync(cancellation);
            return await AppendAsync(personalId, accepted, cancellation);
        }
        var record = stream.Aggregate;
        if (record is null && stream.CurrentVersion > 0)
        {
            // An earlier import stopped after writing the events but before their snapshot and index rows: fold them again.
            var written = (await session.Events.FetchStreamAsync(personalId, token: cancellation)).Select(e => e.Data).ToList();
            record = CriminalRecord.Replay(personalId, written.Cast<IRecordEvent>());
            session.Store(record);
            session.Store(JudgmentIndexEntry.FromEvents(written).ToArray());
        }
        // Matched against a copy of the convictions: the fetched aggregate may be the instance the inline projection applies
        // the appended events to, and folding them into it first would record them twice.
        var (convictions, events) = Fold(new CriminalRecord { Id = personalId, Convictions = [.. record?.Convictions ?? []] }, accepted);
        if (events.Count > 0) stream.AppendMany([.. events]);
        await session.SaveChangesAsync(cancellation);
        return (convictions, events.Count);
    }

    /// <summary>
    /// Folds a person's lines of a batch, in the order their judgments took effect, into <paramref name="record"/> (what is on
    /// record already, or nothing): the events to write and how many convictions they add. A judgment on record, whoever sent
    /// it (a court's push has its own conviction id) or given by an earlier line of the batch with its court spelt otherwise,
    /// is matched as <see cref="CriminalRecord.FindOnRecord"/> does and not added twice, wherever the batch boundary falls.
    /// </summary>
    static (int Convictions, List<IRecordEvent> Events) Fold(CriminalRecord record, List<Accepted> accepted)
    {
        var (convictions, events) = (0, new List<IRecordEvent>());
        void Add(IEnumerable<IRecordEvent> added)
        {
            foreach (var e in added)
            {
                record.Apply(e);
                record.Version++;
                events.Add(e);
            }
        }

        foreach (var line in accepted.OrderBy(a => a.Judgment.EffectiveDate))
        {
            var judgment = line.Judgment;
            if (record.FindOnRecord(judgment.ConvictionId, judgment.Court, judgment.DocumentNumber, judgment.DocumentDate) is { } onRecord)
            {
                // As with a police answer (AgencyAnswerWriter): a judgment on record gets the completions this file states that the
                // record lacks (a release never reported, or the court fee after a reported release), or its expungement would wait
                // for ever.
                if (line.CompletedOn is { } done)
                    Add(CompletedJudgment.FollowUps(onRecord, done, judgment.Source, line.CompletionDocument));
                continue;
            }
            Add(line.Events);
            convictions++;
        }
        return (convictions, events);
    }
}
