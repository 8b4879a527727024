using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Applications;

/// <summary>A step in one application's stream (one stream per application id): what happened, who did it, when.</summary>
public interface IApplicationEvent
{
    Guid ApplicationId { get; }

    Actor By { get; }

    DateTimeOffset At { get; }
}

/// <summary>
/// A request passed eligibility and was filed. <see cref="Subject"/> is the person whose record is
/// asked for (the applicant themself for own requests); <see cref="Applicant"/> is whoever filed it
/// (null for a procedural agency, which is <see cref="Agency"/>, and for a state body, which is <see cref="Body"/>). <see cref="Deadline"/> assumes
/// the request is complete now; payment re-bases it (<see cref="PaymentReceived"/>). <see cref="FeeGround"/> is what a person
/// claiming a reduced or waived fee stated as its ground, for an approver to check.
/// </summary>
public sealed record ApplicationSubmitted(
    Guid ApplicationId,
    FormType FormType,
    RequesterKind RequesterKind,
    PersonDetails? Applicant,
    PersonDetails Subject,
    RequestingAgency? Agency,
    AgentRelationship? Relationship,
    string? PowerOfAttorneyReference,
    string Purpose,
    bool IncludeBankruptcyBan,
    int Copies,
    FeeCategory FeeCategory,
    long FeeVnd,
    Delivery Delivery,
    Complexity Complexity,
    bool Urgent,
    Deadline Deadline,
    Actor By,
    DateTimeOffset At,
    bool ExemptByAge = false,
    RequestingBody? Body = null,
    string? FeeGround = null) : IApplicationEvent;

/// <summary>The fee was paid in full; the request is complete from <see cref="At"/>, which sets <see cref="Deadline"/>.</summary>
public sealed record PaymentReceived(
    Guid ApplicationId, long AmountVnd, string Reference, Deadline Deadline, Actor By, DateTimeOffset At) : IApplicationEvent;

/// <summary>The identity matched the population register (or documents shown at the counter); <see cref="Source"/> says which.</summary>
public sealed record IdentityConfirmed(Guid ApplicationId, string Source, Actor By, DateTimeOffset At) : IApplicationEvent;

/// <summary>The identity did not match or the person is unknown; this ends the application.</summary>
public sealed record IdentityRejected(Guid ApplicationId, string Reason, Actor By, DateTimeOffset At) : IApplicationEvent;

public sealed record ApplicationChecked(
    Guid ApplicationId, CheckOutcome Outcome, string? Note, Actor By, DateTimeOffset At) : IApplicationEvent;

/// <summary>
/// The department asked an agency to verify; the application now has 15 days from completion
/// (<see cref="Deadline"/>), and the agency must answer by <see cref="AnswerDue"/>.
/// </summary>
public sealed record VerificationRequested(
    Guid ApplicationId,
    Guid RequestId,
    string Agency,
    VerificationAgencyKind AgencyKind,
    Deadline AnswerDue,
    Deadline Deadline,
    Actor By,
    DateTimeOffset At) : IApplicationEvent;

public sealed record VerificationAnswered(
    Guid ApplicationId, Guid RequestId, VerificationOutcome Outcome, string? DocumentNumber, Actor By, DateTimeOffset At) : IApplicationEvent;

public sealed record ApplicationApproved(Guid ApplicationId, Actor By, DateTimeOffset At) : IApplicationEvent;

/// <summary>
/// An approver decided without the answers still open, all of them overdue, for <see cref="Reason"/>. The requests stay
/// open: a late answer is still recorded, on the person's record and on this application.
/// </summary>
public sealed record VerificationWaived(Guid ApplicationId, string Reason, Actor By, DateTimeOffset At) : IApplicationEvent;

public sealed record ApplicationRejected(Guid ApplicationId, string Reason, Actor By, DateTimeOffset At) : IApplicationEvent;

/// <summary>
/// An agency's answer that came after the approval recorded convictions (<see cref="ConvictionIds"/>) that the application's
/// form prints: the certificate approved, perhaps issued, does not state the person's record. <see cref="By"/> is the answering
/// agency, <see cref="DocumentNumber"/> and <see cref="DocumentDate"/> its answer. An approver decides what follows; nothing
/// is revoked by this.
/// </summary>
public sealed record CertificateContradicted(
    Guid ApplicationId,
    Guid RequestId,
    string? DocumentNumber,
    DateOnly? DocumentDate,
    IReadOnlyList<Guid> ConvictionIds,
    Actor By,
    DateTimeOffset At) : IApplicationEvent;

/// <summary>The application's certificate was revoked in the registry, for <see cref="Reason"/>.</summary>
public sealed record CertificateRevoked(Guid ApplicationId, string CertificateNumber, string Reason, Actor By, DateTimeOffset At) : IApplicationEvent;

public sealed record CertificateIssued(Guid ApplicationId, string CertificateNumber, Actor By, DateTimeOffset At) : IApplicationEvent;

public sealed record ReadyForCollection(Guid ApplicationId, Actor By, DateTimeOffset At) : IApplicationEvent;

public sealed record DispatchRequested(Guid ApplicationId, string Address, Actor By, DateTimeOffset At) : IApplicationEvent;

/// <summary>The certificate reached the person: collected, delivered by post, or downloaded.</summary>
public sealed record Delivered(Guid ApplicationId, Actor By, DateTimeOffset At) : IApplicationEvent;
