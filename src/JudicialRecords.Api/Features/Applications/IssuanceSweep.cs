using Hangfire;
using JudicialRecords.Domain.Applications;
using Marten;
using Marten.Linq.LastModified;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>When the sweep last enqueued an application's issuance (keyed like its snapshot).</summary>
public sealed class IssuanceSwept
{
    public string Id { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// An approval commits before its issuance job is enqueued; a process that dies in between would leave
/// the application approved for ever. Every minute this finds approved applications left alone for a
/// while and enqueues their issuance again (the job is safe to run twice). An application it enqueued once is
/// enqueued again only after <see cref="Retried"/>: its job may still be retrying (a signer or timestamp service down),
/// and a new job every minute would pile up runs that render, sign and number for nothing.
/// </summary>
public sealed class IssuanceSweep(IDocumentStore store, IBackgroundJobClient jobs, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>Longer than the job's five automatic retries take (Hangfire's back-off: about 30 minutes in all).</summary>
    public static readonly TimeSpan Retried = TimeSpan.FromMinutes(40);

    /// <summary>
    /// At most this many applications enqueued per run, the most urgent first: after a backlog (hours of a signer outage) a run,
    /// and the transaction of its notes, stays well inside the minute between runs; the rest follow a minute later.
    /// </summary>
    public int Limit { get; init; } = 1000;

    // A run that outlasts the minute between runs must not overlap the next one, here or on another process: both would read the
    // notes before either saved them and enqueue the same applications. One that waited a minute for the lock is dropped, not
    // retried: the next run is due by then.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    // Deleted, not kept as failed: a run dropped for the lock is routine, and failed jobs are never expired.
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync()
    {
        await using var session = store.LightweightSession();
        var now = time.GetUtcNow();
        var before = now - Grace;
        var stalled = await session.Query<ApplicationSnapshot>()
            .Where(s => s.Status == ApplicationStatus.Approved && s.ModifiedBefore(before))
            .OrderBy(s => s.DueAt)
            .Select(s => s.Id)
            .ToListAsync();
        // Notes older than the wait are spent: their applications are enqueued again or long issued.
        var spent = now - Retried;
        session.DeleteWhere<IssuanceSwept>(s => s.At < spent);
        var swept = (await session.LoadManyAsync<IssuanceSwept>(stalled)).Where(s => s.At > spent).Select(s => s.Id).ToHashSet();
        var due = stalled.Where(id => !swept.Contains(id)).Take(Limit).ToList();
        // Enqueued before the notes are saved: a crash in between enqueues again a minute later, never waits 40 minutes.
        foreach (var id in due)
        {
            IssueCertificateJob.Enqueue(jobs, Guid.Parse(id));
            session.Store(new IssuanceSwept { Id = id, At = now });
        }
        await session.SaveChangesAsync();
    }
}
