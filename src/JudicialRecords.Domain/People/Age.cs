namespace JudicialRecords.Domain.People;

public static class Age
{
    /// <summary>
    /// Completed years ("đủ … tuổi") on <paramref name="on"/>. Someone born on 29 February
    /// completes a year on 1 March in common years, the first day the anniversary has passed.
    /// </summary>
    public static int InYears(DateOnly dateOfBirth, DateOnly on)
    {
        var years = on.Year - dateOfBirth.Year;
        var birthdayNotReached = on.Month < dateOfBirth.Month
            || (on.Month == dateOfBirth.Month && on.Day < dateOfBirth.Day);
        return birthdayNotReached ? years - 1 : years;
    }
}
