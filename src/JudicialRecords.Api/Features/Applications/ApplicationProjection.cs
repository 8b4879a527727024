using JudicialRecords.Domain.Applications;
using Marten.Events.Aggregation;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// The stored state of one application: the Domain's <see cref="Application"/> under the stream key
/// (the store's streams are keyed by string; the aggregate's own id is a Guid), with the fields the
/// clerk's queue filters and sorts on copied out so they can be indexed.
/// </summary>
public sealed class ApplicationSnapshot
{
    /// <summary>The stream key: the application id in its "D" format.</summary>
    public string Id { get; set; } = "";

    public Application State { get; set; } = new();

    public ApplicationStatus Status { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The personal ID of whoever filed the request (the person, or their agent): who may see and pay it.</summary>
    public string? OwnerId { get; set; }

    /// <summary>The procedural agency that asked, as <see cref="AgencyKeyOf"/>: whose agency tokens may see it and list it.</summary>
    public string? RequestingAgency { get; set; }

    /// <summary>A late answer contradicts the approved certificate and it is not revoked: the clerk's queue flags it.</summary>
    public bool Contradicted { get; set; }

    public static string KeyOf(Guid applicationId) => applicationId.ToString("D");

    /// <summary>Kind and code together ("investigation:CA-DNA"), so that a token of the wrong kind never matches a code.</summary>
    public static string AgencyKeyOf(ProceduralAgencyKind kind, string code) => $"{kind}:{code}".ToLowerInvariant();

    internal void Apply(IApplicationEvent e)
    {
        State.Fold([e]);
        Status = State.Status;
        DueAt = State.Deadline?.DueAt;
        OwnerId = State.Applicant?.PersonalId;
        RequestingAgency = State.Agency is { } agency ? AgencyKeyOf(agency.Kind, agency.Code) : null;
        Contradicted = State.IsContradicted();
    }
}

/// <summary>
/// Folds an application stream into its <see cref="ApplicationSnapshot"/>, inline with each append so
/// that every acknowledged change is visible to the next read. The aggregate lives in the pure Domain,
/// where Marten's source generator does not run, so the dispatch is declared here.
/// </summary>
public sealed partial class ApplicationProjection : SingleStreamProjection<ApplicationSnapshot, string>
{
    public void Apply(ApplicationSubmitted e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(PaymentReceived e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(IdentityConfirmed e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(IdentityRejected e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(ApplicationChecked e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(VerificationRequested e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(VerificationAnswered e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(ApplicationApproved e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(VerificationWaived e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(ApplicationRejected e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(CertificateContradicted e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(CertificateRevoked e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(CertificateIssued e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(ReadyForCollection e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(DispatchRequested e, ApplicationSnapshot s) => s.Apply(e);

    public void Apply(Delivered e, ApplicationSnapshot s) => s.Apply(e);

    public static readonly Type[] EventTypes =
    [
        typeof(ApplicationSubmitted), typeof(PaymentReceived), typeof(IdentityConfirmed), typeof(IdentityRejected),
        typeof(ApplicationChecked), typeof(VerificationRequested), typeof(VerificationAnswered), typeof(ApplicationApproved), typeof(VerificationWaived),
        typeof(ApplicationRejected), typeof(CertificateContradicted), typeof(CertificateRevoked), typeof(CertificateIssued),
        typeof(ReadyForCollection), typeof(DispatchRequested), typeof(Delivered),
    ];
}
