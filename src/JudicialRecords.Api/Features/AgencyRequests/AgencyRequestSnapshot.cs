using JudicialRecords.Domain.AgencyRequests;
using JudicialRecords.Domain.Applications;
using Marten.Events.Aggregation;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>
/// The stored state of one verification request (stream keyed by the request id, "D" format), with the
/// fields the inboxes filter and sort on copied out so they can be indexed.
/// </summary>
public sealed class AgencyRequestSnapshot
{
    public string Id { get; set; } = "";

    public AgencyRequest State { get; set; } = new();

    public string Agency { get; set; } = "";

    public bool Open { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public static string KeyOf(Guid requestId) => requestId.ToString("D");

    internal void Apply(IAgencyRequestEvent e)
    {
        State.Apply(e);
        Agency = State.Agency;
        Open = State.IsOpen;
        DueAt = State.AnswerDue?.DueAt;
        SentAt = State.SentAt;
    }
}

/// <summary>Folds a request's stream inline, so an answer and the inbox always agree.</summary>
public sealed partial class AgencyRequestProjection : SingleStreamProjection<AgencyRequestSnapshot, string>
{
    public void Apply(AgencyRequestSent e, AgencyRequestSnapshot s) => s.Apply(e);

    public void Apply(AgencyRequestReminded e, AgencyRequestSnapshot s) => s.Apply(e);

    public void Apply(AgencyRequestEscalated e, AgencyRequestSnapshot s) => s.Apply(e);

    public void Apply(AgencyRequestAnswered e, AgencyRequestSnapshot s) => s.Apply(e);

    public static readonly Type[] EventTypes =
        [typeof(AgencyRequestSent), typeof(AgencyRequestReminded), typeof(AgencyRequestEscalated), typeof(AgencyRequestAnswered)];
}

/// <summary>
/// The police searched their files for this person and answered (noRecord, or recordFound whose
/// convictions are now in the electronic record): they are not asked about the person again
/// (domain.md §8). Keyed by personal ID.
/// </summary>
public sealed class PoliceFilesChecked
{
    public string Id { get; set; } = "";

    public string Agency { get; set; } = "";

    public Guid RequestId { get; set; }

    public VerificationOutcome Outcome { get; set; }

    public string DocumentNumber { get; set; } = "";

    public DateOnly DocumentDate { get; set; }

    public DateTimeOffset CheckedAt { get; set; }
}

/// <summary>The raw message an agency sent, kept as evidence under the same key as its idempotency record.</summary>
public sealed class AgencyMessageEvidence
{
    public string Id { get; set; } = "";

    public string Agency { get; set; } = "";

    public string Path { get; set; } = "";

    public byte[] Body { get; set; } = [];

    /// <summary>SHA-256 (hex) of <see cref="Body"/> alone, as the receipt states it.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The detached signature that came with the body, when there was one.</summary>
    public string? Signature { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// The document an agency answered a request with, keyed by agency and document number, inserted with the answer. An answer
/// is a document of its own: the same document (and its signature) sent to another request, a replay onto another person, is
/// refused, since it would settle that person's files on a search nobody made for them.
/// </summary>
public sealed class AnswerDocument
{
    public string Id { get; set; } = "";

    public Guid RequestId { get; set; }

    // A tab occurs neither in agency codes nor in document numbers (control characters are refused).
    public static string IdFor(string agency, string documentNumber) => agency + "\t" + documentNumber;
}
