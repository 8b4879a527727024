using Hangfire;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.Deliveries;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>
/// Opens the delivery of an issued certificate and, for post, ships the letter that still has no
/// tracking number. Safe to run twice or concurrently: the delivery stream starts once, and the carrier is
/// asked with the letter's own reference ("{applicationId}-{letter}"), for which it answers one shipment.
/// </summary>
public sealed class DispatchJob(IDocumentStore store, DeliveryWriter writer, TrackingRecorder recorder, ICarrier carrier, ILogger<DispatchJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        if (await OpenAsync(applicationId, cancellationToken) is not { } state) return;
        if (DeliveryWorkflow.PendingShipment(state) is not { } pending) return;
        CarrierShipment shipment;
        try
        {
            shipment = await carrier.CreateShipmentAsync(
                new CarrierShipmentRequest($"{applicationId:N}-{pending.Sequence}", state.Recipient, pending.Address), cancellationToken);
        }
        catch (CarrierRefusedException refusal)
        {
            await RecordRefusalAsync(applicationId, pending.Sequence, refusal, cancellationToken);
            return;
        }
        var recorded = await writer.ChangeAsync(applicationId,
            (current, now) => DeliveryWorkflow.RecordShipment(current, pending.Sequence, carrier.Name, shipment.TrackingNumber, now),
            cancellationToken,
            session => session.Store(new ShipmentLink(shipment.TrackingNumber, applicationId)));
        if (recorded.Outcome != DeliveryChangeOutcome.Done)
            throw new InvalidOperationException(
                $"Shipment {shipment.TrackingNumber} could not be recorded on application {applicationId}: {recorded.Error?.Detail}");
        logger.LogInformation("Application {ApplicationId}: letter {Sequence} travels as {TrackingNumber}.",
            applicationId, pending.Sequence, shipment.TrackingNumber);
        // The carrier may have reported on the letter between creating it and this commit: the webhook held those reports.
        await recorder.ApplyHeldAsync(shipment.TrackingNumber, cancellationToken);
    }

    /// <summary>
    /// Asking again would be refused again, for ever: the letter is marked refused instead, which stops its retries and lets its owner
    /// choose another address or the counter (and staff see it).
    /// </summary>
    async Task RecordRefusalAsync(Guid applicationId, int sequence, CarrierRefusedException refusal, CancellationToken cancellationToken)
    {
        var refused = await writer.ChangeAsync(applicationId,
            (current, now) => DeliveryWorkflow.RefuseShipment(current, sequence, carrier.Name, refusal.Reason, now), cancellationToken);
        if (refused.Outcome != DeliveryChangeOutcome.Done)
            throw new InvalidOperationException(
                $"The carrier's refusal of letter {sequence} could not be recorded on application {applicationId}: {refused.Error?.Detail}");
        // The carrier's reason may repeat the address: only its status is logged.
        logger.LogWarning("Application {ApplicationId}: the carrier refused letter {Sequence} ({Status}); its owner may choose another way.",
            applicationId, sequence, refusal.Status);
    }

    /// <summary>Starts the delivery of the application's certificate, or returns the one started before; null when none is issued.</summary>
    public async Task<DeliveryRecord?> OpenAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        ApplicationSnapshot? snapshot;
        await using (var session = store.QuerySession())
            snapshot = await session.LoadAsync<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(applicationId), cancellationToken);
        if (snapshot?.State is not { CertificateNumber: { } number, IssuedAt: { } issuedAt } application)
        {
            logger.LogWarning("Dispatch for application {ApplicationId}, which has no certificate: nothing to do.", applicationId);
            return null;
        }

        return (await writer.LoadAsync(applicationId, cancellationToken))?.State
            ?? await writer.OpenAsync(applicationId, Opening(application, number, issuedAt), cancellationToken);
    }

    /// <summary>
    /// The opening of an issued certificate's delivery, as of its issuance. The issuance job writes it in its own transaction;
    /// <see cref="OpenAsync"/> writes it for certificates issued before that, or by a run that did not.
    /// </summary>
    public static DeliveryDecision Opening(Application application, string certificateNumber, DateTimeOffset issuedAt) =>
        DeliveryWorkflow.Open(application.Id, certificateNumber, application.Delivery, RecipientOf(application), issuedAt, issuedAt, application.Copies);

    /// <summary>The letter goes to whoever filed the request: the person, their agent, the procedural agency or the state body.</summary>
    static string RecipientOf(Application application) =>
        application.Agency is { } agency ? Wording.RequestingAgency(agency)
        : application.Body is { } body ? body.Name
        : (application.Applicant ?? application.Subject)!.FullName;
}
