using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.AgencyRequests;

/// <summary>A step in one verification request's stream (one stream per request id).</summary>
public interface IAgencyRequestEvent
{
    Guid RequestId { get; }

    DateTimeOffset At { get; }
}

/// <summary>The department sent a verification request to <see cref="Agency"/> about <see cref="Subject"/> for an application.</summary>
public sealed record AgencyRequestSent(
    Guid RequestId,
    Guid ApplicationId,
    string Agency,
    VerificationAgencyKind AgencyKind,
    PersonDetails Subject,
    Deadline AnswerDue,
    DateTimeOffset At) : IAgencyRequestEvent;

/// <summary>The answer is late: the agency was reminded.</summary>
public sealed record AgencyRequestReminded(Guid RequestId, DateOnly DueDate, DateTimeOffset At) : IAgencyRequestEvent;

/// <summary>Still no answer <see cref="VerificationRules.EscalateAfterWorkingDays"/> working days after the due date: the clerks take it up.</summary>
public sealed record AgencyRequestEscalated(Guid RequestId, DateOnly DueDate, DateTimeOffset At) : IAgencyRequestEvent;

/// <summary>
/// The agency answered. <see cref="ConvictionIds"/> are the convictions a recordFound answer added to the
/// person's record; <see cref="PayloadSha256"/> identifies the raw message kept as evidence.
/// </summary>
public sealed record AgencyRequestAnswered(
    Guid RequestId,
    VerificationOutcome Outcome,
    string DocumentNumber,
    DateOnly DocumentDate,
    IReadOnlyList<Guid> ConvictionIds,
    string AnsweredBy,
    string PayloadSha256,
    DateTimeOffset At) : IAgencyRequestEvent;

/// <summary>One verification request folded from its stream.</summary>
public sealed class AgencyRequest
{
    public Guid RequestId { get; set; }

    public Guid ApplicationId { get; set; }

    public string Agency { get; set; } = "";

    public VerificationAgencyKind AgencyKind { get; set; }

    public PersonDetails? Subject { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public Deadline? AnswerDue { get; set; }

    public VerificationOutcome? Outcome { get; set; }

    public string? DocumentNumber { get; set; }

    public DateOnly? DocumentDate { get; set; }

    public List<Guid> ConvictionIds { get; set; } = [];

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? RemindedAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public bool IsOpen => Outcome is null;

    public bool IsOverdue(DateTimeOffset now) => IsOpen && AnswerDue is { } due && due.IsOverdue(now);

    public static AgencyRequest Replay(IEnumerable<IAgencyRequestEvent> events)
    {
        var request = new AgencyRequest();
        foreach (var e in events) request.Apply(e);
        return request;
    }

    public void Apply(IAgencyRequestEvent e)
    {
        switch (e)
        {
            case AgencyRequestSent x:
                (RequestId, ApplicationId, Agency, AgencyKind, Subject, AnswerDue, SentAt) =
                    (x.RequestId, x.ApplicationId, x.Agency, x.AgencyKind, x.Subject, x.AnswerDue, x.At);
                break;
            case AgencyRequestReminded x:
                RemindedAt = x.At;
                break;
            case AgencyRequestEscalated x:
                EscalatedAt = x.At;
                break;
            case AgencyRequestAnswered x:
                (Outcome, DocumentNumber, DocumentDate, ConvictionIds, AnsweredAt) =
                    (x.Outcome, x.DocumentNumber, x.DocumentDate, [.. x.ConvictionIds], x.At);
                break;
            default:
                throw new ArgumentException($"Unknown agency request event {e.GetType().Name}.", nameof(e));
        }
    }
}

/// <summary>Chasing late answers: a reminder once the due date has passed, an escalation some working days later.</summary>
public static class AgencyRequestChase
{
    /// <summary>What a periodic sweep appends at <paramref name="now"/>; running it again appends nothing new.</summary>
    public static IReadOnlyList<IAgencyRequestEvent> Due(AgencyRequest state, DateTimeOffset now, WorkingCalendar calendar, VerificationRules rules)
    {
        if (!state.IsOverdue(now) || state.AnswerDue is not { } due) return [];
        var events = new List<IAgencyRequestEvent>();
        if (state.RemindedAt is null) events.Add(new AgencyRequestReminded(state.RequestId, due.DueDate, now));
        var escalateFrom = calendar.StartOf(calendar.AddWorkingDays(due.DueDate, rules.EscalateAfterWorkingDays).AddDays(1));
        if (state.EscalatedAt is null && now >= escalateFrom) events.Add(new AgencyRequestEscalated(state.RequestId, due.DueDate, now));
        return events;
    }
}
