using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Applications;

/// <summary>One verification request of an application and, once it came, the agency's answer.</summary>
public sealed record VerificationRequest(
    Guid RequestId,
    string Agency,
    VerificationAgencyKind AgencyKind,
    DateTimeOffset SentAt,
    Deadline AnswerDue,
    VerificationOutcome? Outcome = null,
    DateTimeOffset? AnsweredAt = null)
{
    public bool IsOpen => Outcome is null;
}

/// <summary>A late agency answer that contradicts the approved certificate (<see cref="CertificateContradicted"/>).</summary>
public sealed record Contradiction(
    Guid RequestId, string Agency, string? DocumentNumber, DateOnly? DocumentDate, IReadOnlyList<Guid> ConvictionIds, DateTimeOffset At);

/// <summary>
/// An application folded from its stream. Holds state only; the rules live in
/// <see cref="ApplicationWorkflow"/>. Settable properties and a parameterless constructor let a
/// document store keep it as a snapshot.
/// </summary>
public sealed class Application
{
    public Guid Id { get; set; }

    public long Version { get; set; }

    public ApplicationStatus Status { get; set; }

    public FormType FormType { get; set; }

    public RequesterKind RequesterKind { get; set; }

    public PersonDetails? Applicant { get; set; }

    /// <summary>The person whose record the certificate is about.</summary>
    public PersonDetails? Subject { get; set; }

    public RequestingAgency? Agency { get; set; }

    /// <summary>The state body that asked (Form 1), with its letter.</summary>
    public RequestingBody? Body { get; set; }

    public AgentRelationship? Relationship { get; set; }

    public string? PowerOfAttorneyReference { get; set; }

    public string Purpose { get; set; } = "";

    public bool IncludeBankruptcyBan { get; set; }

    public int Copies { get; set; }

    public FeeCategory FeeCategory { get; set; }

    /// <summary>The ground a person stated for a reduced or waived fee, for an approver to check.</summary>
    public string? FeeGround { get; set; }

    /// <summary>Exempt as a child or an elderly person, by the birth date: nothing for an approver to check.</summary>
    public bool ExemptByAge { get; set; }

    public long FeeVnd { get; set; }

    public Delivery Delivery { get; set; } = new(DeliveryMethod.Electronic);

    public Complexity Complexity { get; set; }

    public bool Urgent { get; set; }

    public Actor? SubmittedBy { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>When the request became complete (fee paid, or filed when nothing was due); the deadline counts from here.</summary>
    public DateTimeOffset? CompleteAt { get; set; }

    public Deadline? Deadline { get; set; }

    public long PaidVnd { get; set; }

    public string? PaymentReference { get; set; }

    public IdentityStatus Identity { get; set; }

    public CheckOutcome? CheckOutcome { get; set; }

    /// <summary>Why the service's check left the decision to an approver (or what it found), for the approver.</summary>
    public string? CheckNote { get; set; }

    public List<VerificationRequest> Verifications { get; set; } = [];

    public Actor? DecidedBy { get; set; }

    /// <summary>Approved (and perhaps issued and delivered since) or rejected.</summary>
    public bool IsDecided() =>
        Status is ApplicationStatus.Approved or ApplicationStatus.Issued or ApplicationStatus.Delivered or ApplicationStatus.Rejected;

    /// <summary>Why an approver decided without the overdue answers of the agencies, when one did.</summary>
    public string? VerificationWaivedReason { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? RejectionReason { get; set; }

    public string? CertificateNumber { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>Late answers that recorded convictions the approved certificate does not state.</summary>
    public List<Contradiction> Contradictions { get; set; } = [];

    public DateTimeOffset? CertificateRevokedAt { get; set; }

    public DeliveryStatus DeliveryStatus { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>
    /// The department still owes an answer and its deadline has passed. An unpaid request is not
    /// complete, so its clock has not started.
    /// </summary>
    public bool IsOverdue(DateTimeOffset now) =>
        (Status is ApplicationStatus.Paid or ApplicationStatus.AwaitingDecision
            or ApplicationStatus.NeedsVerification or ApplicationStatus.Approved)
        && Deadline is { } deadline
        && deadline.IsOverdue(now);

    /// <summary>A late answer contradicts the certificate and nobody has revoked it yet: an approver has to look.</summary>
    public bool IsContradicted() => Contradictions.Count > 0 && CertificateRevokedAt is null;

    /// <summary>A copy to fold tentative events into; the events in it are immutable, the lists are not shared.</summary>
    public Application Clone()
    {
        var copy = (Application)MemberwiseClone();
        copy.Verifications = [.. Verifications];
        copy.Contradictions = [.. Contradictions];
        return copy;
    }

    /// <summary>Folds events into a fresh application, counting versions as a stream would.</summary>
    public static Application Replay(IEnumerable<IApplicationEvent> events)
    {
        var application = new Application();
        application.Fold(events);
        return application;
    }

    /// <summary>Applies events in order, counting versions as a stream would.</summary>
    public void Fold(IEnumerable<IApplicationEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case ApplicationSubmitted x: Apply(x); break;
                case PaymentReceived x: Apply(x); break;
                case IdentityConfirmed x: Apply(x); break;
                case IdentityRejected x: Apply(x); break;
                case ApplicationChecked x: Apply(x); break;
                case VerificationRequested x: Apply(x); break;
                case VerificationAnswered x: Apply(x); break;
                case ApplicationApproved x: Apply(x); break;
                case VerificationWaived x: Apply(x); break;
                case ApplicationRejected x: Apply(x); break;
                case CertificateContradicted x: Apply(x); break;
                case CertificateRevoked x: Apply(x); break;
                case CertificateIssued x: Apply(x); break;
                case ReadyForCollection x: Apply(x); break;
                case DispatchRequested x: Apply(x); break;
                case Delivered x: Apply(x); break;
                default: throw new ArgumentException($"Unknown application event {e.GetType().Name}.", nameof(events));
            }

            Version++;
        }
    }

    public void Apply(ApplicationSubmitted e)
    {
        Id = e.ApplicationId;
        FormType = e.FormType;
        RequesterKind = e.RequesterKind;
        Applicant = e.Applicant;
        Subject = e.Subject;
        Agency = e.Agency;
        Body = e.Body;
        Relationship = e.Relationship;
        PowerOfAttorneyReference = e.PowerOfAttorneyReference;
        Purpose = e.Purpose;
        IncludeBankruptcyBan = e.IncludeBankruptcyBan;
        Copies = e.Copies;
        FeeCategory = e.FeeCategory;
        FeeGround = e.FeeGround;
        ExemptByAge = e.ExemptByAge;
        FeeVnd = e.FeeVnd;
        Delivery = e.Delivery;
        Complexity = e.Complexity;
        Urgent = e.Urgent;
        SubmittedBy = e.By;
        SubmittedAt = e.At;
        Deadline = e.Deadline;

        // Nothing to pay: the request is complete as filed.
        if (e.FeeVnd == 0)
        {
            Status = ApplicationStatus.Paid;
            CompleteAt = e.At;
        }
        else
        {
            Status = ApplicationStatus.Submitted;
        }
    }

    public void Apply(PaymentReceived e)
    {
        Status = ApplicationStatus.Paid;
        PaidVnd = e.AmountVnd;
        PaymentReference = e.Reference;
        CompleteAt = e.At;
        Deadline = e.Deadline;
    }

    public void Apply(IdentityConfirmed e) => Identity = IdentityStatus.Confirmed;

    public void Apply(IdentityRejected e)
    {
        Identity = IdentityStatus.Rejected;
        Reject(e.Reason, e.By, e.At);
    }

    public void Apply(ApplicationChecked e)
    {
        CheckOutcome = e.Outcome;
        CheckNote = e.Note;
        Status = e.Outcome == Applications.CheckOutcome.NeedsVerification
            ? ApplicationStatus.NeedsVerification
            : ApplicationStatus.AwaitingDecision;
    }

    public void Apply(VerificationRequested e)
    {
        Verifications.Add(new VerificationRequest(e.RequestId, e.Agency, e.AgencyKind, e.At, e.AnswerDue));
        if (IsDecided())
        {
            return; // a referral after the decision: asked for the record's sake, the application stays as decided
        }

        Status = ApplicationStatus.NeedsVerification;
        Deadline = e.Deadline;
    }

    public void Apply(VerificationAnswered e)
    {
        var index = Verifications.FindIndex(v => v.RequestId == e.RequestId);
        if (index < 0)
        {
            return;
        }

        Verifications[index] = Verifications[index] with { Outcome = e.Outcome, AnsweredAt = e.At };
        if (Status == ApplicationStatus.NeedsVerification && Verifications.TrueForAll(v => !v.IsOpen))
        {
            Status = ApplicationStatus.AwaitingDecision;
        }
    }

    public void Apply(ApplicationApproved e)
    {
        Status = ApplicationStatus.Approved;
        DecidedBy = e.By;
        DecidedAt = e.At;
    }

    public void Apply(VerificationWaived e) => VerificationWaivedReason = e.Reason;

    public void Apply(ApplicationRejected e) => Reject(e.Reason, e.By, e.At);

    public void Apply(CertificateContradicted e) =>
        Contradictions.Add(new Contradiction(e.RequestId, e.By.UserId, e.DocumentNumber, e.DocumentDate, e.ConvictionIds, e.At));

    public void Apply(CertificateRevoked e) => CertificateRevokedAt = e.At;

    public void Apply(CertificateIssued e)
    {
        Status = ApplicationStatus.Issued;
        CertificateNumber = e.CertificateNumber;
        IssuedAt = e.At;
    }

    public void Apply(ReadyForCollection e) => DeliveryStatus = DeliveryStatus.ReadyForCollection;

    public void Apply(DispatchRequested e) => DeliveryStatus = DeliveryStatus.DispatchRequested;

    public void Apply(Delivered e)
    {
        Status = ApplicationStatus.Delivered;
        DeliveryStatus = DeliveryStatus.Delivered;
        DeliveredAt = e.At;
    }

    private void Reject(string reason, Actor by, DateTimeOffset at)
    {
        Status = ApplicationStatus.Rejected;
        RejectionReason = reason;
        DecidedBy = by;
        DecidedAt = at;
    }
}
