namespace JudicialRecords.Domain.Applications;

/// <summary>Phiếu lý lịch tư pháp số 1 or số 2 (Law 28/2009 Art. 41–43).</summary>
public enum FormType
{
    Form1 = 1,
    Form2 = 2,
}

/// <summary>Who files the request, which decides the forms they may ask for.</summary>
public enum RequesterKind
{
    /// <summary>The person whose record it is.</summary>
    Self,

    /// <summary>Someone acting for the person: Form 1 only (Law 28/2009 Art. 41, 46).</summary>
    Agent,

    /// <summary>An investigation body, procuracy or court asking for Form 2 (Law 28/2009 Art. 41).</summary>
    ProceduralAgency,

    /// <summary>
    /// A state body, political or socio-political organisation asking for Form 1 for personnel management, business
    /// registration, or founding or managing an enterprise or cooperative (Law 28/2009 Art. 7(2), 41(1), 45).
    /// </summary>
    StateBody,
}

/// <summary>How an agent is related to the person. Parents, spouses and children need no power of attorney.</summary>
public enum AgentRelationship
{
    Parent,
    Spouse,
    Child,
    Other,
}

public enum ProceduralAgencyKind
{
    Investigation,
    Procuracy,
    Court,
}

/// <summary>
/// A procedural agency asking for Form 2 by an official letter (văn bản yêu cầu): its agency code
/// (e.g. CA-DNA, VKS-DNA, TAND-DNA), its kind, the letter's number and date, and optionally the name
/// it is printed under on the certificate.
/// </summary>
public sealed record RequestingAgency(
    string Code,
    ProceduralAgencyKind Kind,
    string? DocumentNumber = null,
    DateOnly? DocumentDate = null,
    string? Name = null);

/// <summary>What a state body may ask for Form 1 for (Law 28/2009 Art. 7(2)).</summary>
public enum StateBodyPurpose
{
    /// <summary>Quản lý nhân sự.</summary>
    Personnel,

    /// <summary>Đăng ký kinh doanh.</summary>
    BusinessRegistration,

    /// <summary>Thành lập, quản lý doanh nghiệp, hợp tác xã.</summary>
    Enterprise,
}

/// <summary>
/// A state body asking for a person's Form 1 by an official letter (văn bản yêu cầu, Law 28/2009 Art. 45): its name as
/// the certificate prints it, its address (where a letter is posted), what it asks for, and the letter's number and date.
/// </summary>
public sealed record RequestingBody(
    string Name,
    string? Address,
    StateBodyPurpose Purpose,
    string? DocumentNumber = null,
    DateOnly? DocumentDate = null);

public enum FeeCategory
{
    Standard,
    Reduced,
    Exempt,
}

public enum DeliveryMethod
{
    Electronic,
    Counter,
    Post,
}

/// <summary>Where the result goes; <see cref="Address"/> is required for <see cref="DeliveryMethod.Post"/> only.</summary>
public sealed record Delivery(DeliveryMethod Method, string? Address = null);

/// <summary>The circumstances that give the department 15 days instead of 10 (Law Art. 48(2)).</summary>
[Flags]
public enum Complexity
{
    None = 0,
    SeveralProvinces = 1,
    LivedAbroad = 2,
    Foreigner = 4,
    ExpungementToVerify = 8,
    VerificationWithAgencies = 16,
}

/// <summary>What the clerk's check of the record found.</summary>
public enum CheckOutcome
{
    /// <summary>The record is unambiguous; the approver can sign off as is.</summary>
    Clear,

    /// <summary>Police or court files must be asked before deciding (three-legged exchange).</summary>
    NeedsVerification,

    /// <summary>Nothing to ask anyone, but the approver must weigh something in the record.</summary>
    NeedsDecision,
}

/// <summary>Whom a verification request goes to; sets the agency's answer deadline.</summary>
public enum VerificationAgencyKind
{
    /// <summary>Police criminal-records files (pre-2010 convictions).</summary>
    PoliceFiles,

    Court,

    /// <summary>Another province's records department or the national centre.</summary>
    RecordsDepartment,

    Enforcement,
}

public enum VerificationOutcome
{
    NoRecord,
    RecordFound,
    ReferToCourt,
}

public enum IdentityStatus
{
    Unconfirmed,
    Confirmed,
    Rejected,
}

public enum ApplicationStatus
{
    /// <summary>Filed; the fee is not paid yet.</summary>
    Submitted,

    /// <summary>Complete: the fee is paid (or nothing was due); waiting for the clerk's check.</summary>
    Paid,

    AwaitingDecision,
    NeedsVerification,
    Approved,
    Issued,
    Delivered,
    Rejected,
}

public enum DeliveryStatus
{
    /// <summary>Nothing issued yet, or an electronic certificate that is simply available.</summary>
    None,
    ReadyForCollection,
    DispatchRequested,
    Delivered,
}

/// <summary>Who took a step: a user id (personal ID for applicants) and the role they acted in.</summary>
public sealed record Actor(string UserId, string Role)
{
    /// <summary>The service itself: automatic approval and the issuance job.</summary>
    public static readonly Actor System = new("system", "system");
}

/// <summary>
/// When an answer is due. <see cref="DueAt"/> is the instant the deadline passes; <see cref="DueDate"/>
/// is the last day (Vietnam time) on which the answer is still in time.
/// </summary>
public sealed record Deadline(DateOnly DueDate, DateTimeOffset DueAt)
{
    public bool IsOverdue(DateTimeOffset now) => now >= DueAt;
}
