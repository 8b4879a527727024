using JudicialRecords.Domain.Records;
using Marten;
using JasperFx.Events;

namespace JudicialRecords.Api.Features.Records;

/// <summary>
/// A person's record as the inline projection stored it, or folded from the events when they stand without their snapshot
/// (a legacy import cut short between its two COPYs). Every reader that decides on a record reads it here, so such a person
/// never reads as "no record": not for a certificate, an instant approval or an agency's answer.
/// </summary>
public static class RecordSnapshots
{
    public static async Task<CriminalRecord?> LoadRecordAsync(this IQuerySession session, string personalId, CancellationToken cancellation) =>
        await session.LoadAsync<CriminalRecord>(personalId, cancellation)
        ?? await session.Events.AggregateStreamAsync<CriminalRecord>(personalId, token: cancellation);

    /// <summary>
    /// The record of a stream fetched for writing; a snapshot folded again is stored with what the session writes, or the
    /// inline projection would fold the new events onto nothing.
    /// </summary>
    public static async Task<CriminalRecord?> RecordOfAsync(
        this IDocumentSession session, IEventStream<CriminalRecord> stream, string personalId, CancellationToken cancellation)
    {
        if (stream.Aggregate is not null || stream.CurrentVersion == 0) return stream.Aggregate;
        var record = await session.Events.AggregateStreamAsync<CriminalRecord>(personalId, token: cancellation);
        if (record is not null) session.Store(record);
        return record;
    }
}
