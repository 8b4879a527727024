namespace JudicialRecords.Domain.Records;

/// <summary>
/// The time limit for enforcing a criminal judgment (thời hiệu thi hành bản án, Penal Code 2015 Art. 60), counted from
/// the day the judgment took legal effect: 5 years for a fine, non-custodial reform or imprisonment of up to 3 years;
/// 10 years for imprisonment of over 3 to 15 years; 15 years for over 15 to 30 years; for life imprisonment, only
/// after 20 years and by a court's decision (Art. 60(3)). A warning is carried out when pronounced; a suspended sentence
/// ends with its probation; expulsion and death have no such limit here (a death sentence counts for expungement only
/// once commuted).
/// </summary>
public static class EnforcementLimitation
{
    /// <summary>The first day the limit can have run out for <paramref name="principal"/>; null when it cannot.</summary>
    public static DateOnly? EarliestLapse(PrincipalPenalty principal, DateOnly judgmentEffective)
    {
        int? years = principal switch
        {
            { Suspended: true } => null,
            { Type: PrincipalPenaltyType.Fine or PrincipalPenaltyType.NonCustodialReform } => 5,
            { Type: PrincipalPenaltyType.Imprisonment, Months: <= 36 } => 5,
            { Type: PrincipalPenaltyType.Imprisonment, Months: <= 180 } => 10,
            { Type: PrincipalPenaltyType.Imprisonment } => 15,
            { Type: PrincipalPenaltyType.Life } => 20,
            _ => null,
        };
        return years is { } y ? judgmentEffective.AddYears(y) : null;
    }
}
