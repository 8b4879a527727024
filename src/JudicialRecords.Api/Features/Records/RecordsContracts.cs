using System.Text.Json;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Api.Features.Records;

/// <summary>
/// A person's record as it stood on <see cref="AsOf"/>. Convictions that carry no record on that date
/// (annulled, not yet in effect, or never a record under Art. 69(2)/107(1)) are left out, as the law
/// treats the person as never convicted by them; the history still lists their events.
/// </summary>
/// <param name="Person">Null when only a bankruptcy ban, with no identity data, has been received.</param>
public sealed record RecordView(
    string PersonalId,
    DateOnly AsOf,
    PersonDetails? Person,
    IReadOnlyList<ConvictionView> Convictions,
    IReadOnlyList<BankruptcyBanView> BankruptcyBans);

public enum ConvictionStatus
{
    Active,
    Expunged,
}

/// <param name="Offences">The offences as the judgment read on the as-of date, after amendments.</param>
/// <param name="ExpungedOn">Set when <see cref="Status"/> is expunged.</param>
/// <param name="ExpungementDueOn">For an active conviction whose conditions are all met, when it will be expunged unless a new offence intervenes.</param>
/// <param name="ExpungementBasis">The article the status rests on, or for an active conviction what it waits for.</param>
public sealed record ConvictionView(
    Guid ConvictionId,
    string JudgmentNumber,
    DateOnly JudgmentDate,
    string Court,
    DateOnly EffectiveDate,
    DateOnly OffenceDate,
    IReadOnlyList<Offence> Offences,
    PrincipalPenalty? PrincipalPenalty,
    IReadOnlyList<SupplementaryPenalty> SupplementaryPenalties,
    long CourtFeeVnd,
    IReadOnlyList<CivilObligation> CivilObligations,
    ConvictionStatus Status,
    DateOnly? ExpungedOn,
    DateOnly? ExpungementDueOn,
    string ExpungementBasis);

public sealed record BankruptcyBanView(
    Guid BanId,
    string DecisionNumber,
    DateOnly DecisionDate,
    string Court,
    string Post,
    DateOnly StartDate,
    int Months,
    DateOnly EndDate,
    bool InForce);

/// <param name="Type">The event's name in camelCase, e.g. judgmentTookEffect.</param>
/// <param name="RecordedAt">When the event was stored (UTC).</param>
/// <param name="RecordedBy">The token that sent it.</param>
/// <param name="Data">The event as stored.</param>
public sealed record HistoryEntry(
    long Version,
    string Type,
    string Source,
    string DocumentNumber,
    DateOnly DocumentDate,
    DateOnly EffectiveDate,
    Guid? ConvictionId,
    DateTimeOffset RecordedAt,
    Recorder RecordedBy,
    JsonElement Data);

public sealed record Recorder(string? Role, string? Agency, string? Subject);

public sealed record RecordHistory(string PersonalId, IReadOnlyList<HistoryEntry> Events);

/// <summary>One read of a person's record, as shown to that person.</summary>
/// <param name="View">record or history.</param>
/// <param name="Found">False when the read found no record for the person.</param>
public sealed record RecordAccessView(
    DateTimeOffset AccessedAt,
    string View,
    DateOnly? AsOf,
    string Role,
    string? Agency,
    string? Subject,
    string? Purpose,
    bool Found);

/// <summary>Every read of a record, kept so that the person can see who looked and why.</summary>
public sealed class RecordAccess
{
    public Guid Id { get; set; }

    public string PersonalId { get; set; } = "";

    public string View { get; set; } = "";

    public DateOnly? AsOf { get; set; }

    public string Role { get; set; } = "";

    public string? Agency { get; set; }

    public string? Subject { get; set; }

    public string? Purpose { get; set; }

    public bool Found { get; set; }

    public DateTimeOffset AccessedAt { get; set; }

    /// <summary>
    /// Recorded, but not listed to the person: a procedural agency's certificate, which would tell a suspect of an
    /// investigation (the person does not see the agency's request either).
    /// </summary>
    public bool Confidential { get; set; }
}
