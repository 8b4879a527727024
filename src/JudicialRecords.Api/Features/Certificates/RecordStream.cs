using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// Reads a person's record by folding their event stream (stream key = personal ID). Folding here
/// rather than through Marten's aggregation keeps the Domain free of Marten: this Marten dispatches
/// conventional Apply methods only through a source generator that must run in the aggregate's own
/// assembly. Streams are short (a few judgments and their follow-ups), so the fold is cheap.
/// </summary>
public static class RecordStream
{
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(JudgmentTookEffect), typeof(PrincipalPenaltyCompleted), typeof(ProbationCompleted), typeof(SupplementaryPenaltyCompleted),
        typeof(FinePaid), typeof(CivilObligationsCompleted), typeof(CourtFeePaid), typeof(SentenceReduced), typeof(Amnestied),
        typeof(DeathSentenceCommuted), typeof(JudgmentAmended), typeof(JudgmentAnnulled), typeof(ExpungementGranted),
        typeof(ExpungementRefused), typeof(BankruptcyBanImposed), typeof(PersonDetailsUpdated),
    ];

    /// <returns>The record with the stream's version, or null when the person has no stream.</returns>
    public static async Task<CriminalRecord?> ReadAsync(IQuerySession session, string personalId, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(personalId, token: cancellationToken);
        if (events.Count == 0) return null;
        var record = new CriminalRecord { Id = personalId };
        foreach (var e in events)
            Apply(record, e.Data);
        record.Version = events[^1].Version;
        return record;
    }

    static void Apply(CriminalRecord record, object data)
    {
        switch (data)
        {
            case JudgmentTookEffect e: record.Apply(e); break;
            case PrincipalPenaltyCompleted e: record.Apply(e); break;
            case ProbationCompleted e: record.Apply(e); break;
            case SupplementaryPenaltyCompleted e: record.Apply(e); break;
            case FinePaid e: record.Apply(e); break;
            case CivilObligationsCompleted e: record.Apply(e); break;
            case CourtFeePaid e: record.Apply(e); break;
            case SentenceReduced e: record.Apply(e); break;
            case Amnestied e: record.Apply(e); break;
            case DeathSentenceCommuted e: record.Apply(e); break;
            case JudgmentAmended e: record.Apply(e); break;
            case JudgmentAnnulled e: record.Apply(e); break;
            case ExpungementGranted e: record.Apply(e); break;
            case ExpungementRefused e: record.Apply(e); break;
            case BankruptcyBanImposed e: record.Apply(e); break;
            case PersonDetailsUpdated e: record.Apply(e); break;
            // Other areas (applications, record access) may add events that say nothing about the record.
            default: break;
        }
    }
}
