using JudicialRecords.Documents.Signing;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Certificates;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>Configuration section "Certificates".</summary>
public sealed class CertificateOptions
{
    public const string SectionName = "Certificates";

    /// <summary>
    /// Base of the public status URL the QR code carries: {PublicBaseUrl}/api/v1/certificates/{number}. The default serves
    /// Development only: elsewhere nothing is issued until it is configured.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>
    /// The issuing authorities with the dates they take over; in Development <see cref="DefaultAuthorities"/> when none are
    /// configured (elsewhere issuance refuses to start without them).
    /// </summary>
    public List<AuthorityOptions> Authorities { get; set; } = [];

    /// <summary>
    /// The names of the courts and agencies behind the codes the exchange carries, printed on certificates
    /// (<c>Certificates__AgencyNames__TAND-DNA=Tòa án nhân dân tỉnh Đồng Nai</c>); <see cref="DefaultAuthorities.AgencyNames"/> when none are configured.
    /// </summary>
    public Dictionary<string, string> AgencyNames { get; set; } = [];

    public AgencyNames ToAgencyNames() => new(AgencyNames.Count == 0 ? DefaultAuthorities.AgencyNames : AgencyNames);

    public Result<IssuingAuthorities> ToAuthorities() =>
        IssuingAuthorities.Create(Authorities.Count == 0 ? DefaultAuthorities.All : Authorities.Select(a => a.ToDomain()));

    public string VerificationUrl(string number) => $"{PublicBaseUrl.TrimEnd('/')}/api/v1/certificates/{Uri.EscapeDataString(number)}";
}

/// <summary>One issuing authority as configured, e.g. <c>Certificates__Authorities__0__Code=CADNA</c>.</summary>
public sealed class AuthorityOptions
{
    public string Code { get; set; } = "";

    public DateOnly EffectiveFrom { get; set; }

    public string Name { get; set; } = "";

    public List<string> HeaderLines { get; set; } = [];

    public string Place { get; set; } = "";

    public List<string> SignerTitleLines { get; set; } = [];

    public string SignerName { get; set; } = "";

    /// <summary>The officer's key this authority signs with, when not the Signing section's (<c>…:Officer:Pkcs12Path</c>).</summary>
    public KeyStoreOptions? Officer { get; set; }

    /// <summary>This authority's seal key, when not the Signing section's (<c>…:Seal:Pkcs12Path</c>, <c>…:Seal:Pkcs12Password</c>).</summary>
    public KeyStoreOptions? Seal { get; set; }

    public IssuingAuthority ToDomain() => new(Code, EffectiveFrom, Name, HeaderLines, Place, SignerTitleLines, SignerName);
}
