using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Domain;
using JudicialRecords.Domain.AgencyRequests;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>
/// Decides, when a request becomes complete, whether the police files must be asked before anything
/// is issued; if so, files the service's check and the request on the application and starts the
/// request's own stream, all in the caller's transaction.
/// </summary>
public sealed class VerificationPlanner(AgencyRequestSettings settings, ApplicationSettings applications)
{
    public async Task<IReadOnlyList<IApplicationEvent>> PlanAsync(
        Application state, IDocumentSession session, CriminalRecord? record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!settings.Enabled || state.Subject is not { } subject) return [];

        var release = settings.AskWhenRecordUnclear ? InstantIssuance.ToVerify(record, VietnamTime.DateOf(now)) : null;
        var checkedBefore = await session.LoadAsync<PoliceFilesChecked>(subject.PersonalId, cancellationToken) is not null;
        if (!VerificationTriggers.MustAskPolice(subject.DateOfBirth, checkedBefore, release is not null, settings.Rules)) return [];

        // The police and prisons keep releases and the criminal-records files: they are asked before an approver decides.
        var note = release is not null
            ? $"{release} The police files are asked before an approver decides."
            : $"{settings.Rules.YoungestWithRecord} or older before {settings.Rules.PoliceFilesBefore:yyyy-MM-dd} and never found clean by the police files: they are asked first.";
        var decision = ApplicationWorkflow.SendForVerification(
            state, Guid.CreateVersion7(), settings.PoliceAgency, VerificationAgencyKind.PoliceFiles, note, Actor.System, now, applications.Policy);
        if (!decision.IsSuccess) return [];

        Send(session, decision.Events.OfType<VerificationRequested>().Single(), subject);
        return decision.Events;
    }

    /// <summary>Starts the stream that the addressed agency's inbox reads.</summary>
    public static void Send(IDocumentSession session, VerificationRequested requested, PersonDetails subject) =>
        session.Events.StartStream<AgencyRequestSnapshot>(
            AgencyRequestSnapshot.KeyOf(requested.RequestId),
            new AgencyRequestSent(requested.RequestId, requested.ApplicationId, requested.Agency, requested.AgencyKind, subject,
                requested.AnswerDue, requested.At));
}
