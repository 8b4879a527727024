namespace JudicialRecords.Domain.Certificates;

/// <summary>
/// The body that issues certificates from <see cref="EffectiveFrom"/> on (domain reference §1: the
/// records department moved from the Department of Justice to the provincial police on 01/03/2025).
/// Comes from configuration, never from literals in code.
/// </summary>
/// <param name="Code">Short code used in certificate numbers, e.g. "CADNA".</param>
/// <param name="Name">The authority's name as the registry reports it, e.g. "Công an tỉnh Đồng Nai".</param>
/// <param name="HeaderLines">Top-left lines of the form, superior body first, issuing body last.</param>
/// <param name="Place">The place printed before the date, e.g. "Đồng Nai".</param>
/// <param name="SignerTitleLines">The signer's title, delegation wording on its own line ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC").</param>
public sealed record IssuingAuthority(
    string Code,
    DateOnly EffectiveFrom,
    string Name,
    IReadOnlyList<string> HeaderLines,
    string Place,
    IReadOnlyList<string> SignerTitleLines,
    string SignerName);

/// <summary>The succession of issuing authorities; the one in force on a date is the latest that had begun by then.</summary>
public sealed class IssuingAuthorities
{
    private readonly IReadOnlyList<IssuingAuthority> ordered;

    private IssuingAuthorities(IReadOnlyList<IssuingAuthority> ordered) => this.ordered = ordered;

    public IReadOnlyList<IssuingAuthority> All => ordered;

    public static Result<IssuingAuthorities> Create(IEnumerable<IssuingAuthority> authorities)
    {
        var list = authorities.OrderBy(a => a.EffectiveFrom).ToList();
        if (list.Count == 0)
        {
            return new DomainError("authority.none", "At least one issuing authority must be configured.", "authorities");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (string.IsNullOrWhiteSpace(a.Code) || !a.Code.All(char.IsAsciiLetterOrDigit))
            {
                return new DomainError("authority.code", $"Authority code '{a.Code}' must be ASCII letters and digits.", $"authorities[{i}].code");
            }

            if (string.IsNullOrWhiteSpace(a.Name) || a.HeaderLines.Count == 0 || string.IsNullOrWhiteSpace(a.Place)
                || a.SignerTitleLines.Count == 0 || string.IsNullOrWhiteSpace(a.SignerName))
            {
                return new DomainError("authority.incomplete",
                    $"Authority '{a.Code}' needs a name, header lines, place, signer title and signer name.", $"authorities[{i}]");
            }

            if (i > 0 && list[i - 1].EffectiveFrom == a.EffectiveFrom)
            {
                return new DomainError("authority.overlap",
                    $"Authorities '{list[i - 1].Code}' and '{a.Code}' both take effect on {a.EffectiveFrom:yyyy-MM-dd}.", $"authorities[{i}].effectiveFrom");
            }
        }

        return new IssuingAuthorities(list);
    }

    public Result<IssuingAuthority> InForceOn(DateOnly date) =>
        ordered.LastOrDefault(a => a.EffectiveFrom <= date) is { } authority
            ? authority
            : new DomainError("authority.not-in-force", $"No issuing authority is configured for {date:yyyy-MM-dd}.");
}
