using JasperFx.Events;
using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.Records;

/// <summary>
/// A person's record as the inline projection stored it, or folded from the events when they stand without their snapshot
/// (a legacy import cut short between its two COPYs). Every reader that decides on a record reads it here (the records endpoint
/// through <see cref="RecordAccessLog.ReadRecordAsync"/>, which folds alike), so such a person never reads as "no record": not for a
/// certificate, an instant approval or an agency's answer.
/// </summary>
public static class RecordSnapshots
{
    /// <remarks>
    /// The snapshot and the stream's state are read in one round trip: most people asking for a certificate have no record, and
    /// for them that answer needs no second read. Only a stream without its snapshot is folded from its events.
    /// </remarks>
    public static async Task<CriminalRecord?> LoadRecordAsync(this IQuerySession session, string personalId, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var loading = batch.Load<CriminalRecord>(personalId);
        var state = batch.Events.FetchStreamState(personalId);
        await batch.Execute(cancellation);
        return await loading
            ?? (await state is null ? null : await session.Events.AggregateStreamAsync<CriminalRecord>(personalId, token: cancellation));
    }

    /// <summary>The record of a stream fetched for writing, folded from its events when its snapshot is missing.</summary>
    public static async Task<CriminalRecord?> RecordOfAsync(
        this IDocumentSession session, IEventStream<CriminalRecord> stream, string personalId, CancellationToken cancellation) =>
        stream.Aggregate is not null || stream.CurrentVersion == 0
            ? stream.Aggregate
            : await session.Events.AggregateStreamAsync<CriminalRecord>(personalId, token: cancellation);

    /// <summary>
    /// Starts the person's stream or appends to it. A snapshot folded again by <see cref="RecordOfAsync"/> is stored with the
    /// new events, or the inline projection would fold them onto nothing; only then, so that the stream's version check
    /// guards it: stored alone, an old fold could overwrite the snapshot of a push that committed meanwhile.
    /// </summary>
    public static void AppendRecord(
        this IDocumentSession session, IEventStream<CriminalRecord> stream, string personalId, CriminalRecord? record, IReadOnlyList<object> events)
    {
        if (stream.CurrentVersion == 0)
        {
            session.Events.StartStream<CriminalRecord>(personalId, [.. events]);
            return;
        }
        if (stream.Aggregate is null && record is not null) session.Store(record);
        stream.AppendMany([.. events]);
    }
}
