using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Hangfire;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Api.Infrastructure.Jobs;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Records;
using Marten;
using Marten.Subscriptions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JudicialRecords.Api.Features.NationalCentre;

public enum ForwardStatus { Pending, Overdue, Acknowledged }

/// <summary>
/// One record change to forward to the national centre (outbox row), keyed by the event's id. Written by
/// <see cref="NationalCentreOutbox"/> in the same transaction that advances the subscription, so no change is
/// skipped and none is written twice.
/// </summary>
public sealed class NationalCentreForward
{
    public Guid Id { get; set; }
    public string PersonalId { get; set; } = "";
    public long Sequence { get; set; }
    public string EventType { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public bool Acknowledged { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>What the Development simulator of the national centre received.</summary>
public sealed class NationalCentreUpdate
{
    public Guid Id { get; set; }
    public string PersonalId { get; set; } = "";
    public string EventType { get; set; } = "";
    public JsonElement Data { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

public sealed record ForwardedUpdate(Guid ForwardId, string PersonalId, long Sequence, string EventType, DateTimeOffset ChangedAt, JsonElement Data);

/// <summary>Record changes sent in one request, oldest first.</summary>
public sealed record ForwardedBatch(IReadOnlyList<ForwardedUpdate>? Updates);

/// <summary>The forwards the national centre stored; any other of the batch is sent again later.</summary>
public sealed record BatchAcknowledged(IReadOnlyList<Guid> Acknowledged);

public sealed record ForwardView(Guid ForwardId, string PersonalId, long Sequence, string EventType, DateTimeOffset ChangedAt,
    ForwardStatus Status, DateOnly DueDate, int Attempts, DateTimeOffset? AcknowledgedAt, string? LastError);

/// <summary>Marten subscription over person (record) streams: every record event becomes an outbox row.</summary>
public sealed class NationalCentreOutbox : SubscriptionBase
{
    public NationalCentreOutbox()
    {
        Name = "NationalCentreOutbox";
        Options.BatchSize = 500;
        // Read from the store only the record events, not every application's and delivery's as well.
        foreach (var type in RecordsEndpoints.RecordEventTypes) IncludeType(type);
    }

    public override Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var forwards = page.Events.Where(e => e.Data is IRecordEvent && e.StreamKey is not null).Select(e => new NationalCentreForward
        {
            Id = e.Id, PersonalId = e.StreamKey!, Sequence = e.Sequence, EventType = e.EventTypeName, ChangedAt = e.Timestamp,
            QueuedAt = now, NextAttemptAt = now,
        }).ToList();
        // One statement for the page, not an upsert a forward: a page is up to 500 of them, and an import queues millions. A page
        // read again (the subscription rewound) leaves the forwards already queued as they are.
        if (forwards.Count > 0)
            operations.QueueSqlCommand(DocumentRows.Insert(NationalCentreSetup.Table, _ => "?") + " on conflict (id) do nothing",
                DocumentRows.Values(operations.DocumentStore.Options.Serializer(), forwards, f => f.Id));
        return Task.FromResult(NullChangeListener.Instance);
    }
}

/// <summary>
/// Hangfire recurring job: sends the due outbox rows oldest first, <see cref="NationalCentreSettings.BatchSize"/> per
/// request, until none is due or <see cref="NationalCentreSettings.RunFor"/> has passed, so a large import is
/// forwarded within minutes, not one batch a minute. A batch that fails, or a forward the centre does not
/// acknowledge, is retried with exponential backoff.
/// </summary>
public sealed class ForwardToNationalCentreJob(IDocumentStore store, IHttpClientFactory http, NationalCentreSettings settings, TimeProvider time,
    ILogger<ForwardToNationalCentreJob> log)
{
    public const string RecurringJobId = "national-centre-forward";

    // A run lasts up to RunFor plus a window's requests (four, each up to the client's 30 s timeout), longer than the schedule's
    // minute: two runs would send the same rows and overwrite each other's outcome.
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        if (settings.BaseUrl is null) return 0;
        var client = http.CreateClient(NationalCentreSetup.HttpClientName);
        var until = time.GetUtcNow() + settings.RunFor;
        var sent = 0;
        var from = long.MinValue;
        while (true)
        {
            var (acknowledged, more, next) = await ForwardWindowAsync(client, from, cancellation);
            (sent, from) = (sent + acknowledged, next);
            if (!more || time.GetUtcNow() >= until) return sent;
        }
    }

    /// <param name="from">
    /// The lowest sequence this run has still to look at (<see cref="long.MinValue"/>: from the first pending forward). The index of pending forwards still
    /// holds an entry for every forward acknowledged since the last vacuum, and a scan from its start stepped over all of them:
    /// 45 ms a batch in the push benchmark. A run's later windows start where the earlier one left off instead. What
    /// that passes over (a forward refused in this run, or one whose backoff ends during it) is the next run's, which starts from
    /// the beginning; until then it holds back its person's later changes, as one still backing off does.
    /// </param>
    /// <returns>
    /// How many forwards were acknowledged, whether more may be due (the window was full, or held a person's later change), and
    /// where the run's next window starts: at the first due forward left out of this window, or after the window.
    /// </returns>
    async Task<(int Acknowledged, bool More, long Next)> ForwardWindowAsync(HttpClient client, long from, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var now = time.GetUtcNow();
        // The window: the next pending forwards in sequence order from where the run is, due or not, read through the partial
        // index of pending forwards (NationalCentreSetup). Bounding the read below by its sequences keeps it to the window whatever
        // plan PostgreSQL picks: with the bounds left to LIMIT, it estimated the checks below as selective, and scanned and sorted
        // every pending forward for each window (1.4 s a window with 220,000 pending after an import, auto_explain).
        var window = await session.AdvancedSql.QueryAsync<long>(
            $"select {NationalCentreSetup.SequenceOrder} from {NationalCentreSetup.Table} where {NationalCentreSetup.Pending} " +
            $"and {NationalCentreSetup.SequenceOrder} >= ? order by {NationalCentreSetup.SequenceOrder} limit ?", cancellation, from, Window * settings.BatchSize);
        if (window.Count == 0) return (0, false, from);
        var full = window.Count == Window * settings.BatchSize;
        // Its due forwards, oldest first; a person's changes reach the centre in the order they happened, so none is sent while
        // an earlier one of the same person still waits out its backoff. However many forwards the centre keeps refusing, they
        // hold back only their own person's later ones. The check is a scalar subquery over the index of pending forwards by person,
        // not NOT EXISTS: the statement is auto-prepared, and the generic plan PostgreSQL then settles on made NOT EXISTS a hash
        // anti join over every pending forward (372 ms a batch with 220,000 pending, EXPLAIN ANALYZE).
        var fetched = await session.QueryAsync<NationalCentreForward>(
            $"""
            where {NationalCentreSetup.Pending} and {NationalCentreSetup.SequenceOrder} between ? and ? and {NextAttempt} <= ?
              and (select 1 from {NationalCentreSetup.Table} as earlier
                   where {NationalCentreSetup.Pending} and {NationalCentreSetup.Person} = d.data ->> 'personalId'
                     and {NationalCentreSetup.SequenceOrder} < CAST(d.data ->> 'sequence' as bigint)
                     and ({NextAttempt} > ? or {NationalCentreSetup.SequenceOrder} < ?) limit 1) is null
            order by {NationalCentreSetup.SequenceOrder}
            """, cancellation, from, window[^1], now, now, from);
        // Nothing of it due (every one backing off, or held back by its person's earlier change): the next window, after it.
        if (fetched.Count == 0) return (0, full, window[^1] + 1);
        // One change per person a window: the centre may take a later change of a batch and refuse an earlier one, which would then
        // reach it after the later. The person's next change goes in a later window of this run, once this one is acknowledged. An
        // import writes several changes a person side by side, so a window holds several batches' worth. All of a window's due
        // changes are sent, a batch at a time: reading the window again for each batch read every forward four times, and that
        // read was the costliest statement of the forwarding (98 ms a window in the push benchmark, pg_stat_statements).
        var people = new HashSet<string>(StringComparer.Ordinal);
        List<NationalCentreForward> due = [.. fetched.Where(f => people.Add(f.PersonalId))];
        var sent = 0;
        foreach (var batch in due.Chunk(settings.BatchSize))
        {
            var (acknowledged, failed) = await SendBatchAsync(session, client, batch, cancellation);
            sent += acknowledged;
            // The rest of the window is due still, and the next run starts from the beginning.
            if (failed) return (sent, false, from);
        }
        var next = fetched.Except(due).Select(f => f.Sequence).DefaultIfEmpty(window[^1] + 1).First();
        return (sent, full || due.Count < fetched.Count, next);
    }

    /// <summary>Sends one batch (one change per person) and records the outcome: how many were acknowledged, and whether the request failed.</summary>
    async Task<(int Acknowledged, bool Failed)> SendBatchAsync(IDocumentSession session, HttpClient client, IReadOnlyList<NationalCentreForward> due,
        CancellationToken cancellation)
    {
        var events = await ReadEventsAsync(due, cancellation);
        var sendable = due.Where(f => events.ContainsKey(f.Sequence)).ToList();
        var batch = new ForwardedBatch([.. sendable.Select(f => new ForwardedUpdate(f.Id, f.PersonalId, f.Sequence, f.EventType, f.ChangedAt,
            events[f.Sequence]))]);
        // A forward whose event is not in the store is not sent, and waits out the longest backoff, named for the clerks.
        if (sendable.Count < due.Count)
            log.LogError("{Count} forwards to the national centre name events that are not in the store; they are held back.", due.Count - sendable.Count);

        HashSet<Guid> acknowledged = [];
        string? error = null;
        if (sendable.Count > 0)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("updates", batch, cancellation);
                response.EnsureSuccessStatusCode();
                acknowledged = [.. (await response.Content.ReadFromJsonAsync<BatchAcknowledged>(cancellation))?.Acknowledged ?? []];
            }
            catch (Exception e) when (TransportFailure.Is(e) || e is TaskCanceledException or JsonException)
            {
                error = e.Message;
                log.LogWarning("A batch of {Count} forwards to the national centre failed: {Error}", due.Count, e.Message);
            }
        }

        var at = time.GetUtcNow();
        // The acknowledged, nearly every forward of a batch, in one statement rather than an upsert each.
        if (due.Where(f => acknowledged.Contains(f.Id)).Select(f => f.Id).ToArray() is { Length: > 0 } received)
            session.QueueSqlCommand(
                $"""
                update {NationalCentreSetup.Table} set mt_last_modified = transaction_timestamp(), data = data || jsonb_build_object(
                  'acknowledged', true, 'acknowledgedAt', ?::jsonb, 'lastError', null, 'attempts', coalesce((data ->> 'attempts')::int, 0) + 1)
                where id = any(?)
                """,
                store.Options.Serializer().ToJson(at), received);
        foreach (var forward in due.Where(f => !acknowledged.Contains(f.Id)))
        {
            forward.Attempts++;
            if (!events.ContainsKey(forward.Sequence))
            {
                forward.LastError = $"Event {forward.Sequence} could not be read from the store: not sent.";
                forward.NextAttemptAt = at + settings.MaxBackoff;
            }
            else
            {
                forward.LastError = error ?? "Not acknowledged by the national centre.";
                forward.NextAttemptAt = at + Backoff(forward.Attempts, settings.MaxBackoff);
            }
            session.Store(forward);
        }
        await session.SaveChangesAsync(cancellation);
        return (acknowledged.Count, error is not null);
    }

    /// <summary>How many batches' worth of pending forwards one window reads.</summary>
    const int Window = 4;

    /// <summary>
    /// The forwards' events as stored (Marten's JSON of the event, as its events table holds it), by sequence (the table's primary key;
    /// it has no index on id), for the whole batch in one query. The JSON goes to the centre as it is: deserialising every event into
    /// its .NET type only to serialise it again cost more than the rest of the forwarding, and a stored event this build could no
    /// longer deserialise still reaches the centre.
    /// </summary>
    async Task<Dictionary<long, JsonElement>> ReadEventsAsync(IReadOnlyList<NationalCentreForward> due, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new Npgsql.NpgsqlCommand($"select seq_id, data from {MartenSetup.Schema}.mt_events where seq_id = any($1)", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = due.Select(f => f.Sequence).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var events = new Dictionary<long, JsonElement>(due.Count);
        while (await reader.ReadAsync(cancellation))
            events[reader.GetInt64(0)] = JsonSerializer.Deserialize<JsonElement>(reader.GetString(1));
        return events;
    }

    // Marten's own expression for NextAttemptAt. Unqualified, each column names the nearest table: the forward in
    // the outer query, the earlier one in the inner.
    const string NextAttempt = $"{MartenSetup.Schema}.mt_immutable_timestamptz(data ->> 'nextAttemptAt')";

    /// <summary>30 s, 1 min, 2 min, … capped.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, 30 * Math.Pow(2, Math.Min(attempts - 1, 20))));
}

public sealed class NationalCentreSettings
{
    /// <summary><c>NationalCentre:BaseUrl</c>; Development default: the service's own simulator.</summary>
    public string? BaseUrl { get; set; }
    public string Schedule { get; set; } = "* * * * *";
    /// <summary>Forwards per request to the national centre.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>How long one run of the job keeps sending batches (the schedule runs it every minute).</summary>
    public TimeSpan RunFor { get; set; } = TimeSpan.FromSeconds(45);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
}

public static class NationalCentreSetup
{
    public const string HttpClientName = "national-centre";

    /// <summary>
    /// The predicate of the pending-forwards index, and the order it keeps; the job's query uses both as written. The
    /// predicate is spelled as PostgreSQL prints it back, so that the schema check at start-up and in /health/ready
    /// finds the index as configured.
    /// </summary>
    public const string Pending = "((data ->> 'acknowledged'::text))::boolean = false";
    const string Acknowledged = "((data ->> 'acknowledged'::text))::boolean = true";
    public const string SequenceOrder = "CAST(data ->> 'sequence' as bigint)";
    public const string Person = "data ->> 'personalId'";
    public const string Table = MartenSetup.Schema + ".mt_doc_nationalcentreforward";
    const string SimulatorTable = MartenSetup.Schema + ".mt_doc_nationalcentreupdate";
    const string DevelopmentBaseUrl = "http://localhost:5080/sim/national-centre/";

    public static WebApplicationBuilder AddNationalCentre(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("NationalCentre").Get<NationalCentreSettings>() ?? new NationalCentreSettings();
        settings.BaseUrl ??= builder.Environment.IsDevelopment() ? DevelopmentBaseUrl : null;
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(HttpClientName, client =>
        {
            if (settings.BaseUrl is { } url) client.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddTransient<ForwardToNationalCentreJob>();
        builder.Services.AddRecurringJob<ForwardToNationalCentreJob>(ForwardToNationalCentreJob.RecurringJobId, settings.Schedule,
            job => job.RunAsync(CancellationToken.None));
        builder.Services.ConfigureMarten(store =>
        {
            // Partial indexes only: a forward is in the pending ones while it waits (the job's scan and check, the clerks' list),
            // and in the acknowledged one after (the clerks' list). Each forward is written twice (queued, acknowledged), and full
            // indexes on Acknowledged and NextAttemptAt made each write five and three index entries; no query needed them.
            store.Schema.For<NationalCentreForward>()
                .Index(f => f.Sequence, index =>
                {
                    index.Name = "mt_doc_nationalcentreforward_pending";
                    index.Predicate = Pending;
                })
                .Index(f => f.PersonalId, index =>
                {
                    index.Name = "mt_doc_nationalcentreforward_pending_person";
                    index.Predicate = Pending;
                })
                .Index(f => f.Sequence, index =>
                {
                    index.Name = "mt_doc_nationalcentreforward_acknowledged";
                    index.Predicate = Acknowledged;
                });
            store.Schema.For<NationalCentreUpdate>();
            store.Projections.Subscribe(new NationalCentreOutbox());
        });
        return builder;
    }

    const int MaxBatch = 1000;

    public static IEndpointRouteBuilder MapNationalCentre(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/national-centre/forwards", List).WithTags("National centre")
            .RequireAuthorization(Roles.Clerk)
            .WithSummary("Record changes forwarded to the national centre: status = pending (default; overdue included), overdue "
                + "(unacknowledged past 5 working days), acknowledged.");
        if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
            app.MapPost("/sim/national-centre/updates", Receive).WithTags("Development").AllowAnonymous()
                .WithSummary("The national centre simulator (Development only): stores a batch of forwarded record changes "
                    + $"(at most {MaxBatch}; a forward sent again is stored once) and acknowledges them.");
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<ForwardView>>, ValidationProblem>> List(string? status, int? limit, IQuerySession session,
        ApplicationSettings applications, RecordAccessLog accessLog, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellation)
    {
        ForwardStatus wanted = ForwardStatus.Pending;
        if (status is not null && !(Enum.TryParse(status, ignoreCase: true, out wanted) && Enum.IsDefined(wanted) && !int.TryParse(status, out _)))
            return Problems.Validation("status", "One of: pending, overdue, acknowledged.");
        if (limit is < 1 or > 1000) return Problems.Validation("limit", "1 to 1000.");
        var calendar = applications.Policy.Calendar;
        var now = time.GetUtcNow();
        var today = calendar.DateOf(now);
        // The deadline rule table's (domain.md §5: 5 working days, Applications:Deadlines:ForwardToNationalCentreWorkingDays).
        var rules = applications.Policy.Deadlines;
        DateOnly DueOf(NationalCentreForward f) => Deadlines.ForwardToNationalCentreDue(f.ChangedAt, calendar, rules).DueDate;
        // Anything changed within the last working days of the rule cannot be overdue: a cheap bound (calendar days ≥ working days).
        var query = session.Query<NationalCentreForward>().Where(f => f.Acknowledged == (wanted == ForwardStatus.Acknowledged));
        if (wanted == ForwardStatus.Overdue)
        {
            var bound = now.AddDays(-rules.ForwardToNationalCentreWorkingDays);
            query = query.Where(f => f.ChangedAt <= bound);
        }
        var found = await query.OrderBy(f => f.Sequence).Take(wanted == ForwardStatus.Overdue ? 10_000 : limit ?? 200).ToListAsync(cancellation);
        IReadOnlyList<ForwardView> views = [.. found
            .Select(f => (Forward: f, Due: DueOf(f)))
            .Select(x => new ForwardView(x.Forward.Id, x.Forward.PersonalId, x.Forward.Sequence, x.Forward.EventType, x.Forward.ChangedAt,
                x.Forward.Acknowledged ? ForwardStatus.Acknowledged : today > x.Due ? ForwardStatus.Overdue : ForwardStatus.Pending,
                x.Due, x.Forward.Attempts, x.Forward.AcknowledgedAt, x.Forward.LastError))
            .Where(v => wanted != ForwardStatus.Overdue || v.Status == ForwardStatus.Overdue)
            .Take(limit ?? 200)];
        // Each forward says that a person's record changed, and how: a read of that record, which the person can list (api.md).
        await Task.WhenAll(views.Select(v => v.PersonalId).Distinct().Select(personalId => accessLog.RecordAsync(new RecordAccess
        {
            Id = Guid.CreateVersion7(), PersonalId = personalId, View = "national-centre-forwards", AsOf = today, Role = Roles.Clerk,
            Subject = user.Subject(), Purpose = "Record changes forwarded to the national centre", Found = true, AccessedAt = now,
        }, cancellation)));
        return TypedResults.Ok(views);
    }

    static async Task<Results<Ok<BatchAcknowledged>, ValidationProblem>> Receive(
        ForwardedBatch batch, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        if (batch.Updates is not { Count: > 0 and <= MaxBatch } updates)
            return Problems.Validation("updates", $"1 to {MaxBatch} updates.");
        // One statement for the batch; a forward sent again (its acknowledgement was lost) is stored once, as first received.
        var now = time.GetUtcNow();
        session.QueueSqlCommand(DocumentRows.Insert(SimulatorTable, _ => "?") + " on conflict (id) do nothing",
            DocumentRows.Values(session.DocumentStore.Options.Serializer(), [.. updates.Select(update => new NationalCentreUpdate
            {
                Id = update.ForwardId, PersonalId = update.PersonalId, EventType = update.EventType, Data = update.Data, ReceivedAt = now,
            })], u => u.Id));
        await session.SaveChangesAsync(cancellation);
        return TypedResults.Ok(new BatchAcknowledged([.. updates.Select(u => u.ForwardId)]));
    }
}
