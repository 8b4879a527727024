using Hangfire;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Domain.AgencyRequests;
using Marten;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>
/// The recurring sweep (Hangfire, <c>AgencyRequests:ChaseSchedule</c>) that reminds agencies of late answers
/// and escalates them to the clerks' overdue list. Safe to run twice or on two servers at once: each request
/// is appended to with optimistic concurrency, and a reminded or escalated request is not reminded again.
/// </summary>
public sealed class ChaseLateAnswersJob(
    IDocumentStore store, AgencyRequestSettings settings, ApplicationSettings applications, TimeProvider time, ILogger<ChaseLateAnswersJob> logger)
{
    public const string RecurringJobId = "agency-requests-chase";
    const int Page = 500;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var calendar = applications.Policy.Calendar;
        // Only requests with something to do now: never reminded, or not yet escalated and late enough to be (the escalation
        // comes N working days after the due date, so no earlier than N calendar days). Reminded requests waiting for their
        // escalation would otherwise fill the page and hold back newly late ones.
        var escalatable = now.AddDays(-settings.Rules.EscalateAfterWorkingDays);
        List<string> late;
        await using (var query = store.QuerySession())
            late = [.. await query.Query<AgencyRequestSnapshot>()
                .Where(r => r.Open && r.DueAt <= now
                            && (r.State.RemindedAt == null || (r.State.EscalatedAt == null && r.DueAt <= escalatable)))
                .OrderBy(r => r.DueAt).Select(r => r.Id).Take(Page).ToListAsync(cancellationToken)];

        var appended = 0;
        foreach (var key in late)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<AgencyRequestSnapshot>(key, cancellationToken);
            if (stream.Aggregate?.State is not { } request) continue;
            var events = AgencyRequestChase.Due(request, now, calendar, settings.Rules);
            if (events.Count == 0) continue;
            stream.AppendMany([.. events]);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                appended += events.Count;
                logger.LogInformation("Verification request {RequestId} to {Agency} is late: {Steps}.", request.RequestId, request.Agency,
                    string.Join(", ", events.Select(e => e.GetType().Name)));
            }
            catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException)
            {
                // Answered or chased meanwhile: the next sweep looks again.
            }
        }
        return appended;
    }
}
