using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Applications;

/// <summary>
/// What a requester asks for, before any rule has been applied. Which fields matter depends on
/// <see cref="RequesterKind"/>: <see cref="Applicant"/> is the person filing (the subject themself or
/// the agent), <see cref="Subject"/> the person whose record is asked for when that is someone else,
/// <see cref="Agency"/> the procedural agency asking, <see cref="Body"/> the state body asking. <see cref="FeeGround"/> is why a
/// person claims a reduced or waived fee (student, disability, poor household…). Fields that do not apply to the requester kind
/// are ignored and not recorded.
/// </summary>
public sealed record ApplicationRequest(
    FormType FormType,
    RequesterKind RequesterKind,
    PersonDetails? Applicant,
    PersonDetails? Subject,
    RequestingAgency? Agency,
    AgentRelationship? Relationship,
    string? PowerOfAttorneyReference,
    string? Purpose,
    bool IncludeBankruptcyBan,
    int Copies,
    FeeCategory FeeCategory,
    Delivery? Delivery,
    Complexity Complexity = Complexity.None,
    bool Urgent = false,
    RequestingBody? Body = null,
    string? FeeGround = null)
{
    /// <summary>The person whose record the certificate is about.</summary>
    public PersonDetails? RecordSubject => RequesterKind == RequesterKind.Self ? Applicant : Subject;
}

/// <summary>Stable codes of the errors applications return; the Api maps each to a problem type.</summary>
public static class ApplicationErrorCodes
{
    public const string Required = "application.required";
    public const string InvalidValue = "application.invalid-value";
    public const string TooYoung = "application.too-young";
    public const string AgentTooYoung = "application.agent-too-young";
    public const string DateOfBirthInFuture = "application.date-of-birth-in-future";
    public const string DocumentDateInFuture = "application.document-date-in-future";
    public const string Form2ThroughAgent = "application.form2-through-agent";
    public const string Form1ForProceduralAgency = "application.form1-for-procedural-agency";
    public const string Form2ForStateBody = "application.form2-for-state-body";
    public const string StateBodyDelivery = "application.state-body-delivery";
    public const string RelationshipRequired = "application.relationship-required";
    public const string PowerOfAttorneyRequired = "application.power-of-attorney-required";
    public const string SubjectIsApplicant = "application.subject-is-applicant";
    public const string SubjectIsNotApplicant = "application.subject-is-not-applicant";
    public const string CopiesOutOfRange = "application.copies-out-of-range";
    public const string AddressRequired = "application.address-required";
    public const string UrgentNotAllowed = "application.urgent-not-allowed";

    public const string InvalidTransition = "application.invalid-transition";
    public const string AlreadyDecided = "application.already-decided";
    public const string AlreadyPaid = "application.already-paid";
    public const string AlreadyIssued = "application.already-issued";
    public const string IdentityNotConfirmed = "application.identity-not-confirmed";
    public const string NotAutoIssuable = "application.not-auto-issuable";
    public const string AmountMismatch = "payment.amount-mismatch";
    public const string PayerNotAllowed = "payment.payer-not-allowed";
    public const string UnknownVerificationRequest = "verification.unknown-request";
}
