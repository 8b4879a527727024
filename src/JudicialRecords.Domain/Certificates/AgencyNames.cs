namespace JudicialRecords.Domain.Certificates;

/// <summary>
/// The names of the courts whose codes the exchange carries (TAND-DNA: "Tòa án nhân dân tỉnh Đồng Nai"), from
/// configuration: a certificate names the court that gave a judgment or a bankruptcy ban, not its code. A code the directory
/// does not know is printed as it is. (A requesting agency names itself in its request.)
/// </summary>
public sealed class AgencyNames(IReadOnlyDictionary<string, string> names)
{
    public static AgencyNames None { get; } = new(new Dictionary<string, string>());

    /// <summary>The agency's name, or its code when unknown.</summary>
    public string Of(string code) => names.TryGetValue(code.Trim(), out var name) && !string.IsNullOrWhiteSpace(name) ? name.Trim() : code;
}
