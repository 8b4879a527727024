namespace JudicialRecords.Domain.People;

/// <summary>
/// The 12-digit personal identification number: 3 digits for the province where the birth was
/// registered, 1 digit for century and sex, 2 digits for the birth year within the century,
/// 6 random digits.
/// </summary>
public readonly record struct PersonalId
{
    public const int Length = 12;
    private const string FieldName = "personalId";

    private PersonalId(string value) => Value = value;

    public string Value { get; }

    public string ProvinceCode => Value[..3];

    /// <summary>Checks the shape only: exactly 12 ASCII digits.</summary>
    public static Result<PersonalId> Parse(string? value)
    {
        if (value is null || value.Length != Length || !value.All(char.IsAsciiDigit))
        {
            return new DomainError(
                "personal-id.format",
                $"A personal ID is exactly {Length} digits; got '{value}'.",
                FieldName);
        }

        return new PersonalId(value);
    }

    /// <summary>
    /// Checks the shape and that the century/sex digit and the year digits agree with the stated
    /// birth date and sex. Digit 4 is 0/1 for men/women born 1900–1999, 2/3 for 2000–2099,
    /// 4/5 for 2100s, 6/7 for 2200s, 8/9 for 2300s; digits 5–6 are the last two of the birth year.
    /// </summary>
    public static Result<PersonalId> Parse(string? value, DateOnly dateOfBirth, Sex sex)
    {
        var parsed = Parse(value);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        var id = parsed.Value;
        var code = id.Value[3] - '0';
        var century = 1900 + (code / 2 * 100);
        var birthCentury = dateOfBirth.Year / 100 * 100;
        if (century != birthCentury)
        {
            return new DomainError(
                "personal-id.century",
                $"Digit 4 of the personal ID ({code}) stands for birth years {century}–{century + 99}, "
                + $"but the date of birth is in {dateOfBirth.Year}.",
                FieldName);
        }

        var idSex = code % 2 == 0 ? Sex.Male : Sex.Female;
        if (idSex != sex)
        {
            return new DomainError(
                "personal-id.sex",
                $"Digit 4 of the personal ID ({code}) stands for {idSex.ToString().ToLowerInvariant()}, "
                + $"but the stated sex is {sex.ToString().ToLowerInvariant()}.",
                FieldName);
        }

        var year = id.Value.Substring(4, 2);
        var expectedYear = (dateOfBirth.Year % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        if (year != expectedYear)
        {
            return new DomainError(
                "personal-id.year",
                $"Digits 5–6 of the personal ID ({year}) must be the last two digits of the birth year {dateOfBirth.Year}.",
                FieldName);
        }

        return id;
    }

    public override string ToString() => Value;
}
