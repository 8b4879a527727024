namespace JudicialRecords.Domain.Records;

/// <summary>A ban on holding a post after a bankruptcy; it lapses by itself at the end of its term.</summary>
public sealed record BankruptcyBan(
    Guid BanId,
    string DecisionNumber,
    DateOnly DecisionDate,
    string Court,
    string Post,
    DateOnly StartDate,
    int Months)
{
    public DateOnly EndDate => StartDate.AddMonths(Months);

    public bool IsInForce(DateOnly asOf) => StartDate <= asOf && asOf < EndDate;

    /// <summary>
    /// Decided by <paramref name="asOf"/> and not lapsed: in force, or starting later. A certificate states both, since the
    /// person is barred from the post for the term from its start (a company registered in between must not count on it).
    /// </summary>
    public bool BindsOn(DateOnly asOf) => DecisionDate <= asOf && asOf < EndDate;
}
