namespace JudicialRecords.Domain.People;

/// <summary>
/// A foreigner's record is kept under their passport number (domain reference §2: "12-digit personal ID; passport for
/// foreigners"): the document number of a machine-readable passport (ICAO 9303), 6 to 9 capital letters and digits. Its
/// length keeps it apart from a Vietnamese personal ID with a digit missing or extra.
/// </summary>
public static class PassportNumber
{
    public const string Shape = "6 to 9 capital letters and digits";

    /// <summary>Why a foreigner's identity number is refused: the one wording of intake and the exchange.</summary>
    public static string Expected(string? nationality) => $"A foreigner ({nationality}) is identified by the passport number: {Shape}.";

    public static bool IsValid(string? value) =>
        value is { Length: >= 6 and <= 9 } && value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));
}
