using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Marten;
using Marten.Exceptions;

namespace JudicialRecords.Api.Features.Deliveries;

public enum DeliveryChangeOutcome
{
    Done,
    NotFound,
    Refused,
}

public sealed record DeliveryChange(DeliveryChangeOutcome Outcome, DeliveryRecord? State, DomainError? Error = null);

/// <summary>
/// Appends the decisions of <see cref="DeliveryWorkflow"/> to a delivery stream with optimistic
/// concurrency (a writer that lost a race decides again on fresh state, so two copies of one carrier
/// report record it once), and carries a delivery over to the application in the same transaction: once the
/// certificate reached the person, the application becomes delivered (<see cref="ApplicationWorkflow.MarkDelivered"/>).
/// </summary>
public sealed class DeliveryWriter(IDocumentStore store, TimeProvider time, ILogger<DeliveryWriter> logger)
{
    const int Attempts = 10;

    /// <summary>Starts the delivery stream; when another writer started it first, its state is returned.</summary>
    public async Task<DeliveryRecord> OpenAsync(Guid applicationId, DeliveryDecision opening, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Events.StartStream<DeliveryTracking>(DeliveryTracking.KeyOf(applicationId), [.. opening.Events]);
            await session.SaveChangesAsync(cancellationToken);
            return DeliveryRecord.Replay(opening.Events);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException || IsRace(e))
        {
            return (await LoadAsync(applicationId, cancellationToken))!.State;
        }
    }

    public async Task<DeliveryTracking?> LoadAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<DeliveryTracking>(DeliveryTracking.KeyOf(applicationId), cancellationToken);
    }

    /// <param name="alsoStore">Documents written in the same transaction as the events (e.g. a tracking-number link).</param>
    public async Task<DeliveryChange> ChangeAsync(
        Guid applicationId,
        Func<DeliveryRecord, DateTimeOffset, DeliveryDecision> decide,
        CancellationToken cancellationToken,
        Action<IDocumentSession>? alsoStore = null)
    {
        var key = DeliveryTracking.KeyOf(applicationId);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<DeliveryTracking>(key, cancellationToken);
            if (stream.Aggregate is not { } tracking) return new DeliveryChange(DeliveryChangeOutcome.NotFound, null);

            var now = time.GetUtcNow();
            var decision = decide(tracking.State, now);
            if (!decision.IsSuccess) return new DeliveryChange(DeliveryChangeOutcome.Refused, tracking.State, decision.Error);
            if (decision.Events.Count == 0) return new DeliveryChange(DeliveryChangeOutcome.Done, tracking.State);

            // Never fold into the fetched aggregate: the inline projection folds the appended events into it on save.
            var next = JsonSerializer.Deserialize<DeliveryRecord>(JsonSerializer.SerializeToUtf8Bytes(tracking.State))!;
            next.Fold(decision.Events);
            stream.AppendMany([.. decision.Events]);
            alsoStore?.Invoke(session);
            await MarkApplicationDeliveredAsync(session, next, now, cancellationToken);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e) when (IsRace(e))
            {
                if (attempt >= Attempts) throw;
                logger.LogDebug("Delivery of {ApplicationId} changed concurrently; deciding again (attempt {Attempt}).", applicationId, attempt);
                continue;
            }
            return new DeliveryChange(DeliveryChangeOutcome.Done, next);
        }
    }

    /// <summary>
    /// Marks the application delivered once its certificate reached the person, in the transaction that records it: in two
    /// transactions, a crash between them left the application "issued" for good, as the carrier is no longer asked about a
    /// delivered letter. A race on the application's stream fails the save, and the change is decided again.
    /// </summary>
    async Task MarkApplicationDeliveredAsync(IDocumentSession session, DeliveryRecord state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.Progress is not (DeliveryProgress.Delivered or DeliveryProgress.Collected) || state.DeliveredAt is not { } deliveredAt)
            return;
        var application = await session.Events.FetchForWriting<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(state.ApplicationId), cancellationToken);
        if (application.Aggregate?.State is not { } current) return;
        var by = state.CollectedBy ?? new Actor(state.CurrentShipment?.Carrier ?? "carrier", "carrier");
        var marked = ApplicationWorkflow.MarkDelivered(current, by, deliveredAt < now ? deliveredAt : now);
        if (marked.IsSuccess) application.AppendMany([.. marked.Events]);
        else
            logger.LogWarning("Application {ApplicationId} could not be marked delivered: {Errors}.", state.ApplicationId,
                string.Join("; ", marked.Errors.Select(e => e.Detail)));
    }

    static bool IsRace(Exception e) => e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException;
}
