using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.AgencyRequests;

/// <summary>
/// When the department must ask the police files before certifying (domain.md §8), and how it chases
/// a late answer. Values are configuration (<c>AgencyRequests:*</c>).
/// </summary>
public sealed record VerificationRules
{
    public static VerificationRules Default { get; } = new();

    /// <summary>Convictions before this day may live only in the police criminal-records files (the electronic database started on 1 July 2010).</summary>
    public DateOnly PoliceFilesBefore { get; init; } = new(2010, 7, 1);

    /// <summary>
    /// Who was this old before <see cref="PoliceFilesBefore"/> could have a conviction in those files: from 16 every offence
    /// can be punished (Penal Code Art. 12) and an intentional very serious or especially serious one leaves a record
    /// (Art. 107(1)(b)); what is committed younger leaves none (Art. 107(1)(a)).
    /// </summary>
    public int YoungestWithRecord { get; init; } = 16;

    /// <summary>*Our choice*: an overdue request is escalated (to the clerk's overdue list) this many working days after its due date.</summary>
    public int EscalateAfterWorkingDays { get; init; } = 3;
}

public static class VerificationTriggers
{
    /// <summary>Whether the person was <see cref="VerificationRules.YoungestWithRecord"/> or older on the last day before the electronic database.</summary>
    public static bool CouldHavePoliceFiles(DateOnly dateOfBirth, VerificationRules rules) =>
        Age.InYears(dateOfBirth, rules.PoliceFilesBefore.AddDays(-1)) >= rules.YoungestWithRecord;

    /// <summary>
    /// The police files must be asked when the person could have a pre-2010 conviction and the police never found them
    /// clean (found clean once, never again: domain reference §8), or when the record holds a penalty whose completion was
    /// never reported (<paramref name="releaseToVerify"/>): the police and prisons keep releases, so their answer settles
    /// it however often they were asked before. What they cannot settle (a conviction only a court expunges, Art. 71) is
    /// no reason to ask them: an approver weighs it.
    /// </summary>
    public static bool MustAskPolice(DateOnly dateOfBirth, bool policeFilesChecked, bool releaseToVerify, VerificationRules rules) =>
        releaseToVerify || (!policeFilesChecked && CouldHavePoliceFiles(dateOfBirth, rules));
}
