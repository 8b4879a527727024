using System.Globalization;
using System.Text;

namespace JudicialRecords.Domain.Certificates;

/// <summary>
/// The names of the courts whose codes the exchange carries (TAND-DNA: "Tòa án nhân dân tỉnh Đồng Nai"), from
/// configuration: a certificate names the court that gave a judgment or a bankruptcy ban, not its code. A code the directory
/// does not know is printed as it is. (A requesting agency names itself in its request.)
/// </summary>
public sealed class AgencyNames(IReadOnlyDictionary<string, string> names)
{
    public static AgencyNames None { get; } = new(new Dictionary<string, string>());

    // Each way of naming an agency (its code, its name) by comparison key, with the codes it fits: built once, as every imported
    // line and every police answer asks.
    readonly Lazy<ILookup<string, string>> _byKey = new(() => names
        .SelectMany(n => new[] { n.Key, n.Value }.Where(text => !string.IsNullOrWhiteSpace(text)).Select(text => (Key: Key(text), Code: n.Key)))
        .Distinct()
        .ToLookup(x => x.Key, x => x.Code));

    /// <summary>The agency's name, or its code when unknown.</summary>
    public string Of(string code) => names.TryGetValue(code.Trim(), out var name) && !string.IsNullOrWhiteSpace(name) ? name.Trim() : code;

    /// <summary>
    /// The code of the agency a text names as people write it ("TAND tỉnh Đồng Nai", "Toà án nhân dân Tỉnh Đồng Nai", or the code
    /// itself), or null when no agency, or more than one, fits. Police files and digitised records name a court so; the court
    /// pushes its code, and one judgment must be one court's however it was named. Compared without marks, case, punctuation or
    /// spacing, with the usual abbreviations written out: no two courts' names differ only by those.
    /// </summary>
    public string? CodeOf(string? written)
    {
        if (string.IsNullOrWhiteSpace(written)) return null;
        var fits = _byKey.Value[Key(written)].ToList();
        return fits.Count == 1 ? fits[0] : null;
    }

    /// <summary>The code of the agency <paramref name="written"/> names (<see cref="CodeOf"/>), or the text itself when none fits.</summary>
    public string? CodeOrWritten(string? written) => CodeOf(written) ?? written;

    static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["tand"] = "toa an nhan dan",
        ["tandtc"] = "toa an nhan dan toi cao",
        ["tandcc"] = "toa an nhan dan cap cao",
        ["tp"] = "thanh pho",
    };

    static string Key(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            plain.Append(c is 'đ' or 'Đ' ? 'd' : char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => Abbreviations.GetValueOrDefault(word, word)));
    }
}
