using System.Globalization;
using System.Text;

namespace JudicialRecords.Domain.People;

/// <summary>
/// The one rule for "is this person Vietnamese", which decides whether a person is identified by a 12-digit personal ID
/// or a passport number (domain reference §2), whether a request is a foreigner's complex case (§5), and how the
/// certificate labels the number. Nationality as people and records write it is free text: "Việt Nam", "Viet Nam",
/// "VIỆT NAM", "Vietnam", "Vietnamese", "VN" all mean Vietnamese, compared without case, diacritics, spaces or
/// punctuation. None stated means Vietnamese: every entry point defaults it to "Việt Nam".
/// </summary>
public static class Nationality
{
    /// <summary>How the certificate prints a Vietnamese nationality.</summary>
    public const string VietNam = "Việt Nam";

    public static bool IsVietnamese(string? nationality)
    {
        if (string.IsNullOrWhiteSpace(nationality)) return true;

        var folded = new StringBuilder(nationality.Length);
        foreach (var ch in nationality.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark && char.IsLetter(ch))
                folded.Append(char.ToLowerInvariant(ch is 'Đ' or 'đ' ? 'd' : ch));
        }
        return folded.ToString() is "vietnam" or "vn" or "vnm" or "vietnamese";
    }
}
