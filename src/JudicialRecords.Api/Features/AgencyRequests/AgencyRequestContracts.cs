using System.Text.Json.Serialization;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>What an inbox shows of a request; <see cref="Status"/> is open, overdue (open and past its due date) or answered.</summary>
public sealed record AgencyRequestView(
    Guid RequestId,
    string Agency,
    VerificationAgencyKind AgencyKind,
    string PersonalId,
    RequestedPerson Person,
    Guid ApplicationId,
    DateTimeOffset SentAt,
    DateOnly DueDate,
    DateTimeOffset DueAt,
    AgencyRequestStatus Status,
    VerificationOutcome? Outcome,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? RemindedAt,
    DateTimeOffset? EscalatedAt);

/// <summary>What the files are searched by: the identity fields of a record (Circular 13/2011).</summary>
public sealed record RequestedPerson(
    string FullName,
    IReadOnlyList<string> OtherNames,
    DateOnly DateOfBirth,
    Sex Sex,
    string? PlaceOfBirth,
    string? Residence,
    string? FatherName,
    string? MotherName);

public enum AgencyRequestStatus
{
    Open,
    Overdue,
    Answered,
}

/// <summary>
/// An agency's answer. <see cref="Convictions"/> only with recordFound: each is a judgment push
/// (person optional: defaults to the person asked about) plus <c>completedOn</c> when the judgment was served in full.
/// </summary>
public sealed record VerificationAnswerRequest(
    VerificationOutcome? Outcome,
    IReadOnlyList<AnsweredConviction>? Convictions,
    string? DocumentNumber,
    DateOnly? DocumentDate);

public sealed record AnsweredConviction(
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
    DateOnly? CompletedOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ExemptedFromPunishment = null);

/// <param name="ConvictionIds">The convictions the answer added to the person's record (a judgment already on record is not added twice).</param>
/// <param name="CourtRequestId">The request sent to the trial court after a referToCourt answer.</param>
public sealed record VerificationAnswerAccepted(
    Guid RequestId,
    Guid ApplicationId,
    VerificationOutcome Outcome,
    IReadOnlyList<Guid> ConvictionIds,
    Guid? CourtRequestId,
    ApplicationStatus ApplicationStatus);
