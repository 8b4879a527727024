using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Applications;
using Marten;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>How a change to an application ended.</summary>
public enum ChangeOutcome
{
    Done,
    NotFound,

    /// <summary>The stream moved on since the version the caller named (If-Match).</summary>
    Stale,
    Refused,

    /// <summary>The application kept changing under every attempt; nothing was written and the caller may send it again.</summary>
    RacesLost,
}

public sealed record ChangeResult(ChangeOutcome Outcome, IReadOnlyList<DomainError> Errors)
{
    public static readonly ChangeResult Done = new(ChangeOutcome.Done, []);
    public static readonly ChangeResult NotFound = new(ChangeOutcome.NotFound, []);
    public static readonly ChangeResult Stale = new(ChangeOutcome.Stale, []);
    public static readonly ChangeResult RacesLost = new(ChangeOutcome.RacesLost, []);
}

/// <summary>
/// Appends the decisions of <see cref="ApplicationWorkflow"/> to an application's stream with
/// optimistic concurrency: a writer that lost a race decides again on fresh state (so a repeated
/// payment or a second decision meets the first one's outcome), unless the caller pinned a version
/// with If-Match, which then answers "stale". Completion is followed in the same transaction by the
/// service's check or instant approval, and an approval starts the issuance after the commit (<see cref="IssuanceQueue"/>).
/// </summary>
public sealed class ApplicationWriter(
    IDocumentStore store, InstantIssuance instant, IssuanceQueue issuance, TimeProvider time, ILogger<ApplicationWriter> logger)
{
    const int Attempts = 10;

    /// <summary>Starts the stream of a new application with its first events (submission, identity).</summary>
    /// <param name="alongside">What else to store in the same transaction, given the state as it will be (an agency's idempotency record).</param>
    public async Task<Application> StartAsync(
        Guid applicationId, IReadOnlyList<IApplicationEvent> events, CancellationToken cancellationToken,
        Action<IDocumentSession, Application>? alongside = null)
    {
        await using var session = store.LightweightSession();
        var state = Application.Replay(events);
        var follow = await instant.AfterCompleteAsync(state, session, time.GetUtcNow(), cancellationToken);
        state.Fold(follow);
        session.Events.StartStream<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(applicationId), [.. events, .. follow]);
        alongside?.Invoke(session, state);
        await session.SaveChangesAsync(cancellationToken);
        if (state.Status == ApplicationStatus.Approved) issuance.Issue(applicationId);
        return state;
    }

    /// <param name="mayAct">Whether the caller may act on this application; when not, it does not exist for them.</param>
    /// <param name="expectedVersion">The stream version the caller saw (If-Match), or null to decide on the latest state.</param>
    public async Task<ChangeResult> ChangeAsync(
        Guid applicationId,
        Func<ApplicationSnapshot, bool> mayAct,
        long? expectedVersion,
        Func<Application, DateTimeOffset, Decision> decide,
        CancellationToken cancellationToken)
    {
        var key = ApplicationSnapshot.KeyOf(applicationId);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<ApplicationSnapshot>(key, cancellationToken);
            if (stream.Aggregate is not { } snapshot || !mayAct(snapshot)) return ChangeResult.NotFound;

            var now = time.GetUtcNow();
            // Read before saving: the inline projection folds the new events into this very instance.
            var wasApproved = snapshot.State.Status == ApplicationStatus.Approved;
            var decision = decide(snapshot.State, now);
            // A change made already (the same payment again) is answered as the first time, whatever version the caller saw:
            // a retry after a lost answer carries the If-Match of before the change.
            if (decision.IsSuccess && decision.Events.Count == 0) return ChangeResult.Done;
            if (expectedVersion is { } expected && stream.CurrentVersion != expected) return ChangeResult.Stale;
            if (!decision.IsSuccess) return new ChangeResult(ChangeOutcome.Refused, decision.Errors);

            var next = Copy(snapshot.State);
            next.Fold(decision.Events);
            var follow = await instant.AfterCompleteAsync(next, session, now, cancellationToken);
            next.Fold(follow);
            stream.AppendMany([.. decision.Events, .. follow]);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e) when (IsRace(e))
            {
                if (expectedVersion is not null) return ChangeResult.Stale;
                // Answered, not thrown (see Problems.RacesLost): the race's exception names the stream and would be a 500.
                if (attempt >= Attempts) return ChangeResult.RacesLost;
                logger.LogDebug("Application {ApplicationId} changed concurrently; deciding again (attempt {Attempt}).", applicationId, attempt);
                continue;
            }

            if (next.Status == ApplicationStatus.Approved && !wasApproved)
                issuance.Issue(applicationId);
            return ChangeResult.Done;
        }
    }

    // Never fold into the fetched aggregate: the inline projection folds the appended events into it on save.
    static Application Copy(Application state) =>
        JsonSerializer.Deserialize<Application>(JsonSerializer.SerializeToUtf8Bytes(state))!;

    static bool IsRace(Exception e) => e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException;
}
