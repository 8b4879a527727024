using System.Text.Json.Serialization;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Api.Features.Applications;

// Every field is nullable on the wire so that a missing one is reported by name (400 naming the field).

/// <summary>
/// A request for a certificate. <see cref="Applicant"/> is whoever files it; <see cref="Subject"/> is
/// given by an agent, for the person whose certificate is asked for. A procedural agency gives
/// <see cref="RequestingAgency"/> and <see cref="Subject"/> instead of an applicant.
/// </summary>
/// <param name="FormType">1 or 2 (a procedural agency asks for 2).</param>
/// <param name="Applicant">The person filing, in their own name or as an agent; ignored for a procedural agency.</param>
/// <param name="Subject">The person whose certificate is asked for, when that is not the applicant (agent, procedural agency).</param>
/// <param name="Relationship">An agent's relationship to the person: parent, spouse, child or other.</param>
/// <param name="PowerOfAttorneyReference">Required from an agent who is not the person's parent, spouse or child.</param>
/// <param name="IncludeBankruptcyBan">Form 1: print the bankruptcy-ban block. Form 2 always prints it.</param>
/// <param name="Copies">1 to 20 (configurable); default 1.</param>
/// <param name="FeeCategory">standard (default), reduced or exempt. A procedural agency is not charged.</param>
/// <param name="LivedInSeveralProvinces">The person lived in several provinces: 15 days instead of 10.</param>
/// <param name="LivedAbroad">The person lived abroad: 15 days instead of 10.</param>
/// <param name="RequestingAgency">
/// The procedural agency asking (Form 2, free of charge). A court or police token files for its own agency
/// (code = its agency claim; police: investigation, court: court); a clerk files for any procedural agency.
/// </param>
/// <param name="Urgent">Due within 24 hours instead of 10 days: procedural agencies only.</param>
/// <param name="RequestingBody">
/// The state body asking for a person's Form 1 by its letter (personnel, business registration, enterprises: Law 28/2009
/// Art. 7(2), 45), filed by a clerk; the body pays the standard fee, recorded by the clerk, and the certificate goes to it
/// at the counter or by post.
/// </param>
/// <param name="FeeGround">
/// For a reduced or exempt fee: its ground (student, meritorious service, disability, poor household…), for the approver who
/// checks it; ignored for the standard fee and for agencies and state bodies.
/// </param>
public sealed record SubmitApplicationRequest(
    int? FormType,
    PersonRequest? Applicant,
    PersonRequest? Subject,
    AgentRelationship? Relationship,
    string? PowerOfAttorneyReference,
    string? Purpose,
    bool? IncludeBankruptcyBan,
    int? Copies,
    FeeCategory? FeeCategory,
    DeliveryRequest? Delivery,
    bool? LivedInSeveralProvinces,
    bool? LivedAbroad,
    RequestingAgencyRequest? RequestingAgency = null,
    bool? Urgent = null,
    RequestingBodyRequest? RequestingBody = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FeeGround = null);

/// <summary>A procedural agency and its official request letter.</summary>
/// <param name="Code">The agency code, e.g. CA-DNA, VKS-DNA, TAND-DNA.</param>
/// <param name="Kind">investigation, procuracy or court.</param>
/// <param name="Name">The agency's name as the certificate prints it; without it, its kind and code are printed.</param>
/// <param name="DocumentNumber">The number of the request letter.</param>
/// <param name="DocumentDate">The date of the request letter (not in the future).</param>
public sealed record RequestingAgencyRequest(
    string? Code, ProceduralAgencyKind? Kind, string? Name, string? DocumentNumber, DateOnly? DocumentDate);

/// <summary>A state body and its official request letter.</summary>
/// <param name="Name">The body's name as the certificate prints it, e.g. Sở Kế hoạch và Đầu tư tỉnh Đồng Nai.</param>
/// <param name="Address">The body's address, which its letter must give (Law 28/2009 Art. 45).</param>
/// <param name="Purpose">personnel, businessRegistration or enterprise.</param>
/// <param name="DocumentNumber">The number of the request letter.</param>
/// <param name="DocumentDate">The date of the request letter (not in the future).</param>
public sealed record RequestingBodyRequest(
    string? Name, string? Address, StateBodyPurpose? Purpose, string? DocumentNumber, DateOnly? DocumentDate);

/// <param name="Address">Required for post.</param>
public sealed record DeliveryRequest(DeliveryMethod? Method, string? Address);

/// <param name="DueDate">The last day (Vietnam time) of the deadline, counted as if complete now; payment re-bases it.</param>
/// <param name="DueAt">The instant the deadline passes: midnight after <paramref name="DueDate"/>, or 24 hours to the minute for an urgent request.</param>
public sealed record ApplicationAccepted(Guid ApplicationId, ApplicationStatus Status, long FeeVnd, DateOnly DueDate, DateTimeOffset DueAt);

/// <param name="AmountVnd">Exactly the amount due.</param>
/// <param name="Reference">The payment's reference; paying again with the same reference and amount changes nothing.</param>
public sealed record PaymentRequest(long? AmountVnd, string? Reference);

public enum DecisionKind
{
    Approve,
    Reject,
}

/// <param name="Reason">Required to reject, and to approve without an agency's overdue answer.</param>
public sealed record DecisionRequest(DecisionKind? Decision, string? Reason);

public sealed record PersonSummary(string PersonalId, string FullName, DateOnly DateOfBirth);

/// <summary>One step of the application: what happened, when, and who did it (role "system" for the service itself).</summary>
public sealed record TimelineEntry(long Version, string Type, DateTimeOffset At, Actor By);

/// <param name="Version">The stream version; also the ETag, for If-Match on a decision.</param>
/// <param name="RequestingAgency">The procedural agency that asked, with its letter; null for a person's or agent's request.</param>
/// <param name="RequestingBody">The state body that asked, with its letter; null unless a state body asked.</param>
/// <param name="Urgent">A procedural agency's urgent request: due 24 hours after filing.</param>
/// <param name="Overdue">The department still owes an answer and its deadline has passed.</param>
/// <param name="VerificationWaivedReason">Why an approver decided without an agency's overdue answer, when one did.</param>
/// <param name="Contradicted">
/// Staff only (null for others): an agency's answer that came after the approval recorded convictions this certificate
/// does not state, and the certificate is not revoked; an approver decides (POST /certificates/{number}/revocation).
/// </param>
/// <param name="ContradictedBy">Staff only (null for others): the late answers that contradict the certificate, with their documents.</param>
/// <param name="CheckNote">
/// Staff only (null for others): why the service's check left the decision to an approver (a conviction only a court
/// expunges, an offence class to read, a complex case, an agent's papers, a fee entitlement, instant issuance off…).
/// </param>
/// <param name="PowerOfAttorneyReference">Staff only (null for others): an agent's power of attorney, for the approver to check.</param>
/// <param name="FeeGround">Staff only (null for others): the ground stated for a reduced or waived fee.</param>
public sealed record ApplicationView(
    Guid ApplicationId,
    long Version,
    int FormType,
    ApplicationStatus Status,
    RequesterKind RequesterKind,
    PersonSummary? Applicant,
    RequestingAgency? RequestingAgency,
    RequestingBody? RequestingBody,
    bool Urgent,
    PersonSummary Subject,
    AgentRelationship? Relationship,
    string Purpose,
    bool IncludeBankruptcyBan,
    int Copies,
    FeeCategory FeeCategory,
    long FeeVnd,
    long PaidVnd,
    IdentityStatus Identity,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? CompleteAt,
    DateOnly? DueDate,
    DateTimeOffset? DueAt,
    bool Overdue,
    string? RejectionReason,
    string? VerificationWaivedReason,
    string? CertificateNumber,
    DateTimeOffset? IssuedAt,
    DeliveryView Delivery,
    IReadOnlyList<TimelineEntry> Timeline,
    bool? Contradicted,
    IReadOnlyList<Contradiction>? ContradictedBy,
    string? CheckNote,
    string? PowerOfAttorneyReference,
    string? FeeGround);

/// <param name="RequestingAgency">The code of the procedural agency that asked, if one did.</param>
/// <param name="Contradicted">A late agency answer contradicts the approved certificate, not revoked yet: an approver looks.</param>
public sealed record QueueItem(
    Guid ApplicationId,
    int FormType,
    ApplicationStatus Status,
    RequesterKind RequesterKind,
    string? RequestingAgency,
    bool Urgent,
    PersonSummary Subject,
    DateTimeOffset SubmittedAt,
    DateOnly? DueDate,
    DateTimeOffset? DueAt,
    bool Overdue,
    long FeeVnd,
    bool Contradicted);

/// <summary>The clerk's queue (or an agency's own requests), soonest deadline first.</summary>
public sealed record ApplicationQueue(int Count, IReadOnlyList<QueueItem> Applications);
