using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.X509;

namespace JudicialRecords.Documents.Signing;

/// <summary>Revocation data to embed in a PDF's DSS, so it validates later without network access.</summary>
public interface IRevocationSource
{
    /// <summary>DER CRLs that cover <paramref name="certificate"/> (issued by its issuer); empty when none.</summary>
    IReadOnlyList<byte[]> CrlsFor(X509Certificate2 certificate);
}

/// <summary>
/// A fixed set of CRLs, matched to certificates by issuer name. Development reads the certs-dev CRLs;
/// production can point it at CRL files a scheduled job refreshes from the distribution points.
/// </summary>
public sealed class StaticCrlSource : IRevocationSource
{
    // Issuer names are compared as encoded bytes: cheap on the signing hot path, and exact for CRLs and
    // certificates issued by the same CA software.
    private readonly List<(byte[] Issuer, byte[] Der)> _crls;

    public StaticCrlSource(IEnumerable<byte[]> crls)
    {
        var parser = new X509CrlParser();
        _crls = crls.Select(parser.ReadCrl).Select(crl => (crl.IssuerDN.GetEncoded(), crl.GetEncoded())).ToList();
    }

    /// <summary>Reads DER or PEM CRL files.</summary>
    public static StaticCrlSource FromFiles(IEnumerable<string> paths) => new(paths.Select(File.ReadAllBytes));

    public IReadOnlyList<byte[]> CrlsFor(X509Certificate2 certificate)
    {
        var issuer = certificate.IssuerName.RawData;
        // A self-signed root is a trust anchor: nothing can revoke it, so it needs no CRL.
        if (issuer.AsSpan().SequenceEqual(certificate.SubjectName.RawData))
            return [];
        return _crls.Where(crl => crl.Issuer.AsSpan().SequenceEqual(issuer)).Select(crl => crl.Der).ToList();
    }
}
