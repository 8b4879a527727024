namespace JudicialRecords.Domain.Records;

/// <summary>Principal penalties for natural persons (Penal Code 2015 Art. 32(1)).</summary>
public enum PrincipalPenaltyType
{
    Warning,
    Fine,
    NonCustodialReform,
    Expulsion,
    Imprisonment,
    Life,
    Death,
}

/// <summary>Supplementary penalties (Art. 32(2)); a fine or expulsion may be either principal or supplementary.</summary>
public enum SupplementaryPenaltyType
{
    BanFromPosts,
    BanFromProfession,
    ResidenceBan,
    SupervisedResidence,
    CivicRightsDeprivation,
    Fine,
    Confiscation,
    Expulsion,
}

/// <summary>Offence classes of Art. 9, which decide the minors' and negligence rules (Art. 69(2), 107(1)).</summary>
public enum OffenceSeverity
{
    LessSerious,
    Serious,
    VerySerious,
    EspeciallySerious,
}

/// <param name="Article">Article number in the code in force at the offence date ("173", "164a").</param>
/// <param name="Chapter">Roman numeral of the article's chapter as the judgment states it.</param>
/// <param name="Severity">
/// Class of the offence (Art. 9); null when the judgment as received does not state it. Rules that
/// need it then keep the record (a missing class never erases a conviction).
/// </param>
/// <param name="Negligent">Committed through negligence (Art. 11) rather than intent.</param>
public sealed record Offence(
    string Article,
    string? Clause,
    string Name,
    string Chapter,
    OffenceSeverity? Severity,
    bool Negligent);

/// <param name="Months">Term for non-custodial reform and imprisonment.</param>
/// <param name="Suspended">Imprisonment suspended (án treo, Art. 65) with <paramref name="ProbationMonths"/> of probation.</param>
public sealed record PrincipalPenalty(
    PrincipalPenaltyType Type,
    int? Months,
    long? FineVnd,
    bool Suspended,
    int? ProbationMonths);

public sealed record SupplementaryPenalty(SupplementaryPenaltyType Type, int? Months, string? Detail);

public sealed record CivilObligation(string Description, long? AmountVnd);

/// <summary>
/// What a judgment decides about guilt and punishment; an appeal, cassation or re-trial replaces it as a whole.
/// </summary>
/// <param name="PrincipalPenalty">Null when the court exempted the person from punishment (Art. 59).</param>
public sealed record JudgmentTerms(
    IReadOnlyList<Offence> Offences,
    PrincipalPenalty? PrincipalPenalty,
    IReadOnlyList<SupplementaryPenalty> SupplementaryPenalties);
