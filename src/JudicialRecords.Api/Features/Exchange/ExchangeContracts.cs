using System.Text.Json.Serialization;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Api.Features.Exchange;

// Every field is nullable on the wire so that a missing one is reported by name (400 naming the field)
// rather than failing deserialisation as a whole. A field added later is left out of the re-serialised request when absent
// (JsonIgnore WhenWritingNull): the idempotency hash (ExchangeWriter.Hash) of a message accepted before must not change.

/// <summary>A judgment that took legal effect, pushed by the court that gave it.</summary>
/// <param name="ExemptedFromPunishment">The person was convicted but exempted from punishment (Penal Code Art. 59): no principal
/// penalty, and no record (Art. 69(2)).</param>
public sealed record JudgmentRequest(
    string? JudgmentNumber,
    string? Court,
    DateOnly? JudgmentDate,
    DateOnly? EffectiveDate,
    DateOnly? OffenceDate,
    PersonRequest? Person,
    IReadOnlyList<OffenceRequest>? Offences,
    PrincipalPenaltyRequest? PrincipalPenalty,
    IReadOnlyList<SupplementaryPenaltyRequest>? SupplementaryPenalties,
    long? CourtFeeVnd,
    IReadOnlyList<CivilObligationRequest>? CivilObligations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ExemptedFromPunishment = null);

/// <param name="Nationality">Defaults to "Việt Nam": a 12-digit personal ID is issued to citizens only.</param>
public sealed record PersonRequest(
    string? PersonalId,
    string? FullName,
    IReadOnlyList<string>? OtherNames,
    DateOnly? DateOfBirth,
    Sex? Sex,
    string? PlaceOfBirth,
    string? Nationality,
    string? Ethnicity,
    string? Residence,
    string? FatherName,
    string? MotherName,
    string? SpouseName);

/// <param name="Chapter">Roman numeral; filled from the Penal Code table when omitted, checked against it when given.</param>
/// <param name="Severity">Class of the offence (Art. 9); required when the offender was under 18 or the offence negligent.</param>
public sealed record OffenceRequest(
    string? Article,
    string? Clause,
    string? Name,
    string? Chapter,
    OffenceSeverity? Severity,
    bool? Negligent);

public sealed record PrincipalPenaltyRequest(
    PrincipalPenaltyType? Type,
    int? Months,
    long? FineVnd,
    bool? Suspended,
    int? ProbationMonths);

public sealed record SupplementaryPenaltyRequest(SupplementaryPenaltyType? Type, int? Months, string? Detail);

public sealed record CivilObligationRequest(string? Description, long? AmountVnd);

public sealed record JudgmentAccepted(string PersonalId, Guid ConvictionId);

/// <summary>Follow-up facts about the enforcement of a sentence.</summary>
public enum SentenceEventType
{
    PrincipalPenaltyCompleted,
    ProbationCompleted,
    SupplementaryPenaltyCompleted,
    FinePaid,
    CivilObligationsCompleted,
    CourtFeePaid,
    SentenceReduced,
    Amnestied,
    DeathSentenceCommuted,
    /// <summary>The time limit for enforcing the judgment (Penal Code Art. 60) ran out before the principal penalty was enforced.</summary>
    EnforcementLimitationLapsed,
    /// <summary>The court exempted the person from serving the rest of the penalty (Penal Code Art. 62); it counts as served (Art. 73(4)).</summary>
    SentenceExempted,
}

/// <summary>
/// A fact about the enforcement of a conviction, named by <see cref="ConvictionId"/> or by
/// <see cref="JudgmentNumber"/> and <see cref="Court"/>.
/// </summary>
/// <param name="PenaltyType">Which supplementary penalty was completed (supplementaryPenaltyCompleted).</param>
/// <param name="AmountVnd">The sum paid in full (finePaid, courtFeePaid): not less than the judgment orders; defaults to that.</param>
/// <param name="ReducedByMonths">By how much the time to serve was reduced (sentenceReduced).</param>
public sealed record SentenceEventRequest(
    string? PersonalId,
    Guid? ConvictionId,
    string? JudgmentNumber,
    string? Court,
    SentenceEventType? Type,
    DateOnly? EffectiveDate,
    string? DocumentNumber,
    DateOnly? DocumentDate,
    SupplementaryPenaltyType? PenaltyType,
    long? AmountVnd,
    int? ReducedByMonths);

public enum CourtDecisionType
{
    JudgmentAmended,
    JudgmentAnnulled,
    ExpungementGranted,
    ExpungementRefused,
}

/// <summary>
/// An appeal, cassation or re-trial decision, or a decision on expungement, by the court that gave the judgment.
/// For judgmentAmended, <see cref="Offences"/>, <see cref="PrincipalPenalty"/> and <see cref="SupplementaryPenalties"/>
/// are the changed fields; each omitted one keeps what the judgment said.
/// </summary>
/// <param name="EffectiveDate">When the decision takes effect; defaults to <see cref="DocumentDate"/>.</param>
/// <param name="Basis">Art. 71 or 72 (expungementGranted, expungementRefused only); when left out, Art. 71 for a conviction of
/// chapter XIII or XXVI, which only a court expunges, else Art. 72 (special expungement).</param>
/// <param name="Reason">Why expungement was refused (expungementRefused).</param>
/// <param name="ExemptedFromPunishment">judgmentAmended only: the appeal or cassation exempts the person from punishment
/// (Penal Code Art. 59), which leaves no record (Art. 69(2)); no principalPenalty with it.</param>
public sealed record CourtDecisionRequest(
    string? PersonalId,
    Guid? ConvictionId,
    string? JudgmentNumber,
    string? Court,
    CourtDecisionType? Type,
    string? DocumentNumber,
    DateOnly? DocumentDate,
    DateOnly? EffectiveDate,
    IReadOnlyList<OffenceRequest>? Offences,
    PrincipalPenaltyRequest? PrincipalPenalty,
    IReadOnlyList<SupplementaryPenaltyRequest>? SupplementaryPenalties,
    CourtExpungementBasis? Basis,
    string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ExemptedFromPunishment = null);

/// <summary>The answer to an accepted sentence event or court decision.</summary>
public sealed record ConvictionEventAccepted(string PersonalId, Guid ConvictionId, string Type);

/// <param name="Person">Identity of a person who has no record yet (optional; the ban alone starts the record).</param>
public sealed record BankruptcyBanRequest(
    string? PersonalId,
    string? DecisionNumber,
    DateOnly? DecisionDate,
    string? Court,
    string? Post,
    DateOnly? StartDate,
    int? Months,
    PersonRequest? Person);

public sealed record BankruptcyBanAccepted(string PersonalId, Guid BanId);
