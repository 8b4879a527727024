using JudicialRecords.Documents.Signing;
using JudicialRecords.Domain.Certificates;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// The signer of each issuing authority (domain reference §1: the authority's seal certificate is configuration with an
/// effective date, like its name). An authority entry that names its own officer or seal key (<c>Certificates:Authorities:N:Seal</c>)
/// signs with it from the day it takes over, so the new header and the new seal change together at midnight; the others sign
/// with the keys of the Signing section. Every key loads when this is built (readiness builds it): a wrong path or password
/// keeps the instance not ready instead of failing the first certificate of that authority.
/// </summary>
public sealed class CertificateSigners : IDisposable
{
    readonly IPdfSigner _common;
    readonly Dictionary<(string Code, DateOnly From), CertificatePdfSigner> _own = [];

    public CertificateSigners(IPdfSigner common, SigningOptions signing, CertificateOptions certificates, TimeProvider clock, IHttpClientFactory http)
    {
        _common = common;
        try
        {
            foreach (var authority in certificates.Authorities.Where(a => a.Officer is not null || a.Seal is not null))
                _own[(authority.Code, authority.EffectiveFrom)] = CertificatePdfSigner.FromOptions(
                    signing with { Officer = authority.Officer ?? signing.Officer, Seal = authority.Seal ?? signing.Seal },
                    clock, http.CreateClient(nameof(IPdfSigner)));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The signer of this authority entry: one code may take over twice, with other keys the second time.</summary>
    public IPdfSigner For(IssuingAuthority authority) =>
        _own.TryGetValue((authority.Code, authority.EffectiveFrom), out var own) ? own : _common;

    public void Dispose()
    {
        foreach (var signer in _own.Values)
            signer.Dispose();
    }
}
