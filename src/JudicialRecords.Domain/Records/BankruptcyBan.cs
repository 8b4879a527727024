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
}
