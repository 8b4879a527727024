using Hangfire;
using JudicialRecords.Domain.Applications;
using Marten;
using Marten.Linq.LastModified;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// An approval commits before its issuance job is enqueued; a process that dies in between would leave
/// the application approved for ever. Every minute this finds approved applications left alone for a
/// while and enqueues their issuance again (the job is safe to run twice).
/// </summary>
public sealed class IssuanceSweep(IDocumentStore store, IBackgroundJobClient jobs, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public async Task RunAsync()
    {
        await using var session = store.QuerySession();
        var before = time.GetUtcNow() - Grace;
        var stalled = await session.Query<ApplicationSnapshot>()
            .Where(s => s.Status == ApplicationStatus.Approved && s.ModifiedBefore(before))
            .Select(s => s.Id)
            .ToListAsync();
        foreach (var id in stalled)
            jobs.Enqueue<IssueCertificateJob>(job => job.RunAsync(Guid.Parse(id), CancellationToken.None));
    }
}
