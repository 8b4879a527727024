using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using Npgsql;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>
/// Where a committed group of agency pushes (<see cref="GroupCommit"/>) spends its time, as .NET metrics of the meter
/// <see cref="MeterName"/> (dotnet-counters, or any OpenTelemetry exporter, reads them): how many pushes it committed, and the
/// duration of each phase. <c>read</c>: the round trip for the streams, stored outcomes and receipt numbers; <c>decide</c>: the
/// domain's decisions and the receipts; <c>write</c>: building the statements and their round trip; <c>commit</c>: the COMMIT
/// round trip, which includes PostgreSQL's flush of the WAL. A push's own latency is these phases plus its wait for a group.
/// </summary>
public static class GroupCommitMetrics
{
    public const string MeterName = "JudicialRecords.Exchange";
    public const string Phase = "phase";

    static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> Pushes =
        Meter.CreateHistogram<int>("jr.exchange.group.pushes", "{push}", "Agency pushes committed together in one transaction.");

    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("jr.exchange.group.duration", "s", "Time a committed group of agency pushes spent in one phase.");

    /// <summary>Records a committed group from the timestamps (<see cref="Stopwatch.GetTimestamp"/>) that end each of its phases.</summary>
    public static void Record(int pushes, long started, long read, long decided, long written, long committed)
    {
        Pushes.Record(pushes);
        Duration.Record(Stopwatch.GetElapsedTime(started, read).TotalSeconds, new KeyValuePair<string, object?>(Phase, "read"));
        Duration.Record(Stopwatch.GetElapsedTime(read, decided).TotalSeconds, new KeyValuePair<string, object?>(Phase, "decide"));
        Duration.Record(Stopwatch.GetElapsedTime(decided, written).TotalSeconds, new KeyValuePair<string, object?>(Phase, "write"));
        Duration.Record(Stopwatch.GetElapsedTime(written, committed).TotalSeconds, new KeyValuePair<string, object?>(Phase, "commit"));
    }
}

/// <summary>
/// The session's logger, unchanged, that also notes when SaveChanges' batch came back (Marten logs a batch's success after reading
/// its results, before the COMMIT): the end of the <c>write</c> phase.
/// </summary>
sealed class BatchTimer(IMartenSessionLogger inner) : IMartenSessionLogger
{
    public long Written { get; private set; }

    public void LogSuccess(NpgsqlBatch batch)
    {
        Written = Stopwatch.GetTimestamp();
        inner.LogSuccess(batch);
    }

    public void LogSuccess(NpgsqlCommand command) => inner.LogSuccess(command);

    public void LogFailure(NpgsqlCommand command, Exception ex) => inner.LogFailure(command, ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => inner.LogFailure(batch, ex);

    public void LogFailure(Exception ex, string message) => inner.LogFailure(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) => inner.RecordSavedChanges(session, commit);

    public void OnBeforeExecute(NpgsqlCommand command) => inner.OnBeforeExecute(command);

    public void OnBeforeExecute(NpgsqlBatch batch) => inner.OnBeforeExecute(batch);
}
