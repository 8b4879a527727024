using System.Diagnostics;
using System.Threading.Channels;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>
/// Agency pushes to records (<see cref="ExchangeWriter.Write{TRequest,T}"/>), committed together: the pushes waiting at one moment
/// are read in one round trip, decided one by one, and written in one transaction. Each push is still all or nothing and answered
/// only after its commit; grouping saves the round trips and the transaction that each push paid alone, which cost more than the
/// writes themselves (the records-push benchmark's raw appends: four a transaction took 0.17 ms of CPU each, one took 0.40).
/// <para>
/// A group that cannot commit (a race with another writer, or any failure) decides nothing: each of its pushes is written again
/// alone, by the writer's own loop against fresh state, which also settles the races. A push the group cannot decide cheaply (the
/// same person or key twice in one group, or a record whose snapshot must be folded again) goes that way from the start.
/// </para>
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>Most pushes in one transaction: enough for every client of a busy moment, few enough to keep a group's statements short.</summary>
    public const int MaxGroup = 32;

    /// <summary>
    /// Groups in flight at once: while some wait for their commit, others form and are read. With two, the cores idled a fifth of a
    /// push benchmark run (1.57 of 2 busy); four and six did alike, 1.52 to 1.75 of 2 busy from run to run.
    /// </summary>
    const int Writers = 4;

    readonly Channel<GroupPush> _pushes = Channel.CreateUnbounded<GroupPush>(new UnboundedChannelOptions { SingleWriter = false });
    readonly IDocumentStore _store;
    readonly ReceiptSigner _receipts;
    readonly TimeProvider _time;
    readonly ILogger<GroupCommit> _log;
    readonly Task[] _writers;

    public GroupCommit(IDocumentStore store, ReceiptSigner receipts, TimeProvider time, ILogger<GroupCommit> log)
    {
        (_store, _receipts, _time, _log) = (store, receipts, time, log);
        // Built while the first push is handled: without this, the writers would keep that request's context (its activity, its
        // logging scope) for the life of the service.
        using (ExecutionContext.SuppressFlow())
            _writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteGroupsAsync))];
    }

    /// <summary>Queues the push for the next group and waits for its outcome.</summary>
    public Task<GroupOutcome> SubmitAsync(GroupPush push)
    {
        if (!_pushes.Writer.TryWrite(push)) push.Complete(GroupOutcome.Alone);
        return push.Outcome;
    }

    async Task WriteGroupsAsync()
    {
        while (await _pushes.Reader.WaitToReadAsync())
        {
            var group = new List<GroupPush>();
            var people = new HashSet<string>(StringComparer.Ordinal);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (group.Count < MaxGroup && _pushes.Reader.TryRead(out var push))
            {
                // Two pushes for one person (or one key) in a transaction would each decide on the record without the other.
                if (people.Add(push.PersonalId) && keys.Add(push.IdempotencyId)) group.Add(push);
                else push.Complete(GroupOutcome.Alone);
            }
            if (group.Count == 0) continue;
            // Every group writes its people's rows (stream, snapshot, stored outcome) in one order, so that two groups committing at
            // once cannot each hold a row the other waits for: a deadlock, which PostgreSQL breaks only after a second.
            group.Sort((a, b) => string.CompareOrdinal(a.PersonalId, b.PersonalId));
            try
            {
                await WriteAsync(group);
            }
            catch (Exception e)
            {
                // Races are expected under load; anything else is logged (its type only: a message may quote a personal ID), and every
                // push is tried again alone, where a fault of its own fails it alone.
                if (!Infrastructure.Marten.Races.Lost(e))
                    _log.LogWarning("A group of {Count} agency pushes could not be committed ({Error}); each is written alone.", group.Count, e.GetType().FullName);
            }
            finally
            {
                foreach (var push in group) push.Complete(GroupOutcome.Alone); // those the group did not settle
            }
        }
    }

    async Task WriteAsync(List<GroupPush> group)
    {
        var started = Stopwatch.GetTimestamp();
        await using var session = _store.LightweightSession();
        // Each push's stream and stored outcome, in this order (see ExchangeWriter.Write), and the receipts' sequence numbers, all in
        // one round trip. A number drawn for a push that is then replayed or refused is a gap, as receipts allow.
        var batch = session.CreateBatchQuery();
        var reads = group.Select(p => (Stream: batch.Events.FetchForWriting<CriminalRecord>(p.PersonalId), Stored: batch.Load<IdempotencyRecord>(p.IdempotencyId)))
            .ToList();
        var numbering = batch.Query<string>(ReceiptSigner.NextSequencesSql(group.Count(p => p.Message is not null)));
        await batch.Execute();
        var read = Stopwatch.GetTimestamp();

        var accepted = new List<(GroupPush Push, GroupOutcome Outcome)>();
        for (var i = 0; i < group.Count; i++)
        {
            var push = group[i];
            var stream = await reads[i].Stream;
            if (await reads[i].Stored is { } stored)
            {
                push.Complete(GroupOutcome.Replay(stored));
                continue;
            }
            if (push.Expected is { } named && named != stream.CurrentVersion)
            {
                push.Complete(GroupOutcome.Stale);
                continue;
            }
            if (stream.Aggregate is null && stream.CurrentVersion > 0) continue; // its snapshot must be folded again: alone
            Decision<object> decision;
            try
            {
                decision = push.Decide(stream.Aggregate);
            }
            catch (Exception e)
            {
                push.Fail(e);
                continue;
            }
            if (decision.Invalid is not null || decision.Problem is not null)
            {
                push.Complete(GroupOutcome.Rejected(decision));
                continue;
            }
            var version = (stream.CurrentVersion ?? 0) + decision.Events.Count;
            session.AppendRecord(stream, push.PersonalId, stream.Aggregate, decision.Events);
            // Who sent it, on its own events: the session's metadata would stamp every push of the group with one sender.
            foreach (var e in session.PendingChanges.Streams().Where(s => s.Key == push.PersonalId).SelectMany(s => s.Events))
            {
                e.CorrelationId = push.Provenance.TraceId;
                e.CausationId = push.IdempotencyId;
                foreach (var (name, value) in push.Provenance.Headers) e.SetHeader(name, value);
            }
            accepted.Add((push, GroupOutcome.Accept(decision.Response!, version)));
        }
        if (accepted.Count == 0) return;

        var now = _time.GetUtcNow();
        var sequences = (await numbering).Select(long.Parse).ToList();
        var next = 0;
        for (var i = 0; i < accepted.Count; i++)
        {
            var (push, outcome) = accepted[i];
            string? receipt = null;
            if (push.Message is { } message)
            {
                receipt = _receipts.Issue(sequences[next++], push.Agency, push.Key, push.Path, message.Sha256, now);
                session.Store(ExchangeWriter.Evidence(push.IdempotencyId, push.Agency, push.Path, message, now));
            }
            session.Insert(push.Accepted(outcome.Response!, now, receipt, outcome.Version));
            accepted[i] = (push, outcome with { Receipt = receipt });
        }
        var decided = Stopwatch.GetTimestamp();
        var batchTimer = new BatchTimer(session.Logger);
        session.Logger = batchTimer;
        await session.SaveChangesAsync();
        GroupCommitMetrics.Record(accepted.Count, started, read, decided, batchTimer.Written, Stopwatch.GetTimestamp());
        foreach (var (push, outcome) in accepted) push.Complete(outcome);
    }

    public async ValueTask DisposeAsync()
    {
        _pushes.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}

/// <summary>Who sent a push, kept with each of its events as Marten metadata; no personal data of the subject.</summary>
public sealed record Provenance(string TraceId, IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>
/// One agency push waiting for its group. <see cref="Accepted"/> makes the stored outcome to insert with its events, from its
/// answer, the time, its receipt and the record's version after it.
/// </summary>
public sealed record GroupPush(
    string PersonalId, string IdempotencyId, string Agency, string Key, string Path, long? Expected, AgencyMessage? Message,
    Provenance Provenance, Func<CriminalRecord?, Decision<object>> Decide, Func<object, DateTimeOffset, string?, long, IdempotencyRecord> Accepted)
{
    readonly TaskCompletionSource<GroupOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<GroupOutcome> Outcome => _outcome.Task;

    /// <summary>Settles the push; only the first outcome counts.</summary>
    public void Complete(GroupOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception e) => _outcome.TrySetException(e);
}

/// <summary>What the group made of a push. <see cref="Alone"/>: nothing; the writer writes it alone.</summary>
public sealed record GroupOutcome(GroupOutcome.Kind Is, IdempotencyRecord? Stored = null, Decision<object>? Rejection = null,
    object? Response = null, long Version = 0, string? Receipt = null)
{
    public enum Kind { Alone, Replay, Stale, Rejected, Committed }

    public static readonly GroupOutcome Alone = new(Kind.Alone);
    public static readonly GroupOutcome Stale = new(Kind.Stale);

    public static GroupOutcome Replay(IdempotencyRecord stored) => new(Kind.Replay, Stored: stored);

    public static GroupOutcome Rejected(Decision<object> decision) => new(Kind.Rejected, Rejection: decision);

    public static GroupOutcome Accept(object response, long version) => new(Kind.Committed, Response: response, Version: version);
}
