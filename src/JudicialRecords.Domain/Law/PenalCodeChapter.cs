namespace JudicialRecords.Domain.Law;

/// <param name="Numeral">Roman numeral as printed in the code, e.g. "XIII".</param>
/// <param name="Title">The chapter title in Vietnamese.</param>
/// <param name="DefinesOffences">True for the chapters of the special part (Phần các tội phạm).</param>
/// <param name="ExpungedOnlyByCourt">
/// Convictions under this chapter are never expunged automatically, only by a court decision
/// (2015 code Art. 70(1), 71: chapters XIII and XXVI; read for the 1999 code as its equivalents XI and XXIV).
/// </param>
public sealed record PenalCodeChapter(
    string Numeral,
    string Title,
    int FirstArticle,
    int LastArticle,
    bool DefinesOffences,
    bool ExpungedOnlyByCourt)
{
    /// <summary>
    /// Whether <paramref name="stated"/> names this chapter: its Roman numeral or the same number in Arabic digits ("XVI",
    /// "xvi", "16"), optionally after "Chương" or "Chapter".
    /// </summary>
    public bool IsNamedBy(string stated)
    {
        var number = stated.Trim();
        foreach (var prefix in (string[])["Chương", "Chapter"])
            if (number.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) number = number[prefix.Length..].Trim();
        return string.Equals(number, Numeral, StringComparison.OrdinalIgnoreCase)
               || (int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var arabic)
                   && arabic == ValueOf(Numeral));
    }

    static int ValueOf(string roman)
    {
        var total = 0;
        for (var i = 0; i < roman.Length; i++)
        {
            var value = Digit(roman[i]);
            total += i + 1 < roman.Length && Digit(roman[i + 1]) > value ? -value : value;
        }
        return total;

        static int Digit(char c) => char.ToUpperInvariant(c) switch { 'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, 'C' => 100, _ => 0 };
    }
}
