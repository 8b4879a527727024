using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Records;

/// <summary>
/// Every fact in a record names where it came from: the sending agency, the document, and the
/// date from which it holds (Circular 13/2011 Art. 6–9).
/// </summary>
public interface IRecordEvent
{
    /// <summary>Code of the agency that sent the document, e.g. TAND-DNA, CA-DNA, THADS-DNA.</summary>
    string Source { get; }

    string DocumentNumber { get; }

    DateOnly DocumentDate { get; }

    DateOnly EffectiveDate { get; }
}

/// <summary>A fact about one conviction.</summary>
public interface IConvictionEvent : IRecordEvent
{
    Guid ConvictionId { get; }
}

/// <summary>
/// A judgment convicting the person took legal effect. The document is the judgment itself:
/// <see cref="DocumentNumber"/> is the judgment number, <see cref="DocumentDate"/> the judgment date,
/// <see cref="EffectiveDate"/> the date it took legal effect. The person's age at the offence, which
/// decides the minors' rules, follows from <see cref="OffenceDate"/> and the person's date of birth
/// and is not stored twice.
/// </summary>
public sealed record JudgmentTookEffect(
    Guid ConvictionId,
    string Source,
    string DocumentNumber,
    DateOnly DocumentDate,
    DateOnly EffectiveDate,
    string Court,
    DateOnly OffenceDate,
    PersonDetails Person,
    JudgmentTerms Terms,
    long CourtFeeVnd,
    IReadOnlyList<CivilObligation> CivilObligations) : IConvictionEvent;

/// <summary>The principal penalty was served (release certificate, end of non-custodial reform or expulsion).</summary>
public sealed record PrincipalPenaltyCompleted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

/// <summary>The probation of a suspended sentence ended, possibly shortened.</summary>
public sealed record ProbationCompleted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

public sealed record SupplementaryPenaltyCompleted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    SupplementaryPenaltyType PenaltyType) : IConvictionEvent;

/// <summary>Every fine the judgment imposes, principal or supplementary, has been paid.</summary>
public sealed record FinePaid(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    long AmountVnd) : IConvictionEvent;

public sealed record CivilObligationsCompleted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

public sealed record CourtFeePaid(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    long AmountVnd) : IConvictionEvent;

/// <summary>
/// The time to serve was reduced (Art. 63). The pronounced penalty, which sets the expungement
/// period (Art. 73(1)), stays as it was.
/// </summary>
public sealed record SentenceReduced(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    int ReducedByMonths) : IConvictionEvent;

/// <summary>Amnesty or special amnesty remitted the rest of the principal penalty; it counts as served (Art. 73(4)).</summary>
public sealed record Amnestied(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

/// <summary>
/// The court exempted the person from serving the rest of the principal penalty (Penal Code Art. 62); like a remission by
/// amnesty it counts as the penalty served (Art. 73(4)).
/// </summary>
public sealed record SentenceExempted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

/// <summary>
/// The time limit for enforcing the judgment (Penal Code Art. 60) ran out before the principal penalty was enforced, as
/// the enforcing body certifies; it takes the place of the penalty served (Art. 70(2)). See <see cref="EnforcementLimitation"/>.
/// </summary>
public sealed record EnforcementLimitationLapsed(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

/// <summary>A death sentence was commuted to life imprisonment (Art. 40).</summary>
public sealed record DeathSentenceCommuted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

/// <summary>An appeal, cassation or re-trial changed the judgment; <see cref="Terms"/> is the judgment as it now reads.</summary>
public sealed record JudgmentAmended(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    JudgmentTerms Terms) : IConvictionEvent;

/// <summary>Cassation or re-trial annulled the judgment: the person was never convicted by it.</summary>
public sealed record JudgmentAnnulled(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate) : IConvictionEvent;

/// <summary>The article a court expungement decision rests on.</summary>
public enum CourtExpungementBasis
{
    /// <summary>Art. 71: expungement by court decision, required for chapters XIII and XXVI.</summary>
    Article71,

    /// <summary>Art. 72: special expungement after at least a third of the period.</summary>
    Article72,
}

/// <summary>A court decided to expunge the conviction, from <see cref="IRecordEvent.EffectiveDate"/>.</summary>
public sealed record ExpungementGranted(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    CourtExpungementBasis Basis) : IConvictionEvent;

public sealed record ExpungementRefused(
    Guid ConvictionId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    CourtExpungementBasis Basis, string Reason) : IConvictionEvent;

/// <summary>
/// A court barred the person from a post after a bankruptcy (Law on Bankruptcy 2014 Art. 130);
/// the document is the decision, the ban runs <see cref="Months"/> from <see cref="StartDate"/>.
/// </summary>
public sealed record BankruptcyBanImposed(
    Guid BanId, string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    string Court, string Post, DateOnly StartDate, int Months) : IRecordEvent;

/// <summary>The identity data changed (new residence, corrected name, marriage).</summary>
public sealed record PersonDetailsUpdated(
    string Source, string DocumentNumber, DateOnly DocumentDate, DateOnly EffectiveDate,
    PersonDetails Person) : IRecordEvent;
