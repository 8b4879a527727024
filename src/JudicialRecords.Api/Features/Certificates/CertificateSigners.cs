using System.Collections.Concurrent;
using JudicialRecords.Documents.Signing;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// The signer of each issuing authority (domain reference §1: the authority's seal certificate is configuration with an
/// effective date, like its name). An authority that names its own officer or seal key (<c>Certificates:Authorities:N:Seal</c>)
/// signs with it from the day it takes over, so the new header and the new seal change together at midnight; the others sign
/// with the keys of the Signing section. Keys load on first use.
/// </summary>
public sealed class CertificateSigners(
    IPdfSigner common, SigningOptions signing, CertificateOptions certificates, TimeProvider clock, IHttpClientFactory http) : IDisposable
{
    readonly ConcurrentDictionary<string, Lazy<CertificatePdfSigner>> _own = new(StringComparer.Ordinal);

    public IPdfSigner For(string authorityCode)
    {
        if (certificates.Authorities.FirstOrDefault(a => a.Code == authorityCode) is not { } authority
            || (authority.Officer is null && authority.Seal is null))
            return common;
        return _own.GetOrAdd(authorityCode, _ => new Lazy<CertificatePdfSigner>(() => CertificatePdfSigner.FromOptions(
            signing with { Officer = authority.Officer ?? signing.Officer, Seal = authority.Seal ?? signing.Seal },
            clock, http.CreateClient(nameof(IPdfSigner))))).Value;
    }

    public void Dispose()
    {
        foreach (var signer in _own.Values.Where(s => s.IsValueCreated))
            signer.Value.Dispose();
    }
}
