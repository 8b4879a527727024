using System.Threading.Channels;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.Records;

/// <summary>
/// The log of record reads: a read is answered only once its entry is committed, so no read goes unrecorded. A read of the
/// record itself is one statement with its entry (<see cref="ReadRecordAsync"/>); other entries are written in groups, the
/// entries that arrive while one group commits sharing the next transaction instead of paying a commit each (measured when it
/// was written, 20,000 persons: 1,493 lookups/s with a commit per read, 3,576/s with no log at all; figures of that day, not
/// comparable with later ones).
/// </summary>
public sealed class RecordAccessLog : IAsyncDisposable
{
    const int MaxGroup = 256;

    /// <summary>
    /// Record reads in PostgreSQL at once; the others wait here, in order. Without a bound, a stall of a few milliseconds under a
    /// steady flow of reads (1,000/s offered in records-import-lookup) left dozens of reads waiting, each of which then opened a
    /// connection of its own: the pool grew from 59 to 221 backends, every new backend paid its start and its cold caches on the
    /// two cores, and p99 went to 290 ms. More than a few per core only queue inside PostgreSQL instead of here.
    /// </summary>
    static readonly int ReadsAtOnce = 4 * Environment.ProcessorCount;

    readonly SemaphoreSlim reading = new(ReadsAtOnce);

    readonly IDocumentStore store;
    readonly ILogger<RecordAccessLog> logger;
    readonly Channel<(RecordAccess Entry, TaskCompletionSource Written)> queue =
        Channel.CreateUnbounded<(RecordAccess, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task writer;
    readonly string table;
    readonly string readRecord;

    public RecordAccessLog(IDocumentStore store, ILogger<RecordAccessLog> logger)
    {
        this.store = store;
        this.logger = logger;
        table = store.Options.FindOrResolveDocumentType(typeof(RecordAccess)).TableName.QualifiedName;
        var records = store.Options.FindOrResolveDocumentType(typeof(CriminalRecord)).TableName.QualifiedName;
        readRecord = $"""
            with target as (select (select data from {records} where id = $1) as record,
                                   exists (select from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = $1) as stream),
                 logged as ({DocumentRows.InsertFrom(table, "$2",
                     "(select $3::uuid, case when record is not null or stream then $4 else $5 end from target)")} returning 1)
            select record, stream from target where exists (select from logged)
            """;
        // Created inside the first record read: without this the writer would carry that request's execution context,
        // and with it its log scope (a path holding a personal ID) into every entry it ever logs.
        using (ExecutionContext.SuppressFlow())
            writer = Task.Run(WriteAsync);
    }

    /// <summary>Completes when <paramref name="entry"/> is committed; fails when it could not be.</summary>
    public Task RecordAsync(RecordAccess entry, CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((entry, written)))
            throw new InvalidOperationException("The record-access log is closed: the service is stopping.");
        return written.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The person's record, read by the statement that records the read (<paramref name="entry"/>, found when a snapshot or a stream
    /// is there), in one round trip and one commit. The read and then the entry's group took two round trips and a hand-over to the
    /// log's writer and back (records-import-lookup, 200,000 persons, 500 lookups/s offered: p50 1.40–1.46 ms and p99 4.52–5.17 ms
    /// before, 1.08 and 3.90 ms after, with the bound below). Every read commits its own entry; PostgreSQL flushes the commits that
    /// wait together at once. A stream without its snapshot (a legacy import cut short) is folded from its events, as
    /// <see cref="RecordSnapshots.LoadRecordAsync"/> does.
    /// </summary>
    public async Task<CriminalRecord?> ReadRecordAsync(RecordAccess entry, CancellationToken cancellation)
    {
        var serializer = store.Options.Serializer();
        entry.Found = true;
        var found = serializer.ToJson(entry);
        entry.Found = false;
        var missing = serializer.ToJson(entry);
        (CriminalRecord? Snapshot, bool Stream) read;
        await reading.WaitAsync(cancellation);
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            await using var command = new Npgsql.NpgsqlCommand(readRecord, connection)
            {
                Parameters = { new() { Value = entry.PersonalId }, new() { Value = typeof(RecordAccess).FullName }, new() { Value = entry.Id },
                    new() { Value = found }, new() { Value = missing } },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            // The row comes only once the entry is inserted (the select waits for the insert); the end of the answer, read here, is the
            // commit's: its failure throws before the record is returned.
            if (!await reader.ReadAsync(cancellation)) throw new InvalidOperationException("The record read returned no row.");
            read = (await reader.IsDBNullAsync(0, cancellation) ? null : serializer.FromJson<CriminalRecord>(reader, 0), reader.GetBoolean(1));
            await reader.NextResultAsync(cancellation);
        }
        finally
        {
            reading.Release();
        }
        entry.Found = read.Snapshot is not null || read.Stream;
        if (read.Snapshot is not null || !read.Stream) return read.Snapshot;
        await using var session = store.QuerySession();
        return await session.Events.AggregateStreamAsync<CriminalRecord>(entry.PersonalId, token: cancellation);
    }

    async Task WriteAsync()
    {
        var group = new List<(RecordAccess Entry, TaskCompletionSource Written)>(MaxGroup);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var item)) group.Add(item);
            try
            {
                await InsertAsync(group);
                foreach (var (_, written) in group) written.TrySetResult();
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Count} record-access entries could not be written; their reads fail.", group.Count);
                foreach (var (_, written) in group) written.TrySetException(e);
            }
            group.Clear();
        }
    }

    /// <summary>
    /// The group as one statement in its own implicit transaction: one round trip, where a Marten session takes two (its
    /// insert after BEGIN, then COMMIT). Every read waits for this commit (when record lookups still went this way, records-import-lookup,
    /// 200,000 persons, 500 lookups/s offered: p50 0.87 ms and p99 2.19 ms with the log switched off, against 1.86 and 6.27 ms with
    /// it). The rows are Marten's own (<see cref="DocumentRows"/>). Unlike Marten's
    /// commit, a transient failure is not retried: the group's reads fail, and none goes unrecorded.
    /// </summary>
    async Task InsertAsync(IReadOnlyList<(RecordAccess Entry, TaskCompletionSource Written)> group)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(DocumentRows.Insert(table, i => $"${i}"), connection);
        foreach (var value in DocumentRows.Values(store.Options.Serializer(), [.. group.Select(g => g.Entry)], e => e.Id))
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }
}
