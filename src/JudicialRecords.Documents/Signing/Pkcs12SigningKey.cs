using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JudicialRecords.Documents.Signing;

/// <summary>
/// A software key from a PKCS#12 file, signing with .NET's native (OpenSSL) crypto: several times faster
/// than BouncyCastle's managed RSA, which matters at hundreds of certificates per second.
/// </summary>
public sealed class Pkcs12SigningKey : ISigningKey, IDisposable
{
    private readonly X509Certificate2 _leaf;
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    private Pkcs12SigningKey(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain)
    {
        _leaf = leaf;
        CertificateChain = chain;
        _rsa = leaf.GetRSAPrivateKey();
        _ecdsa = _rsa is null ? leaf.GetECDsaPrivateKey() : null;
        if (_rsa is null && _ecdsa is null)
            throw new NotSupportedException($"The key of '{leaf.Subject}' is neither RSA nor ECDSA.");
        Algorithm = _rsa is not null ? SignatureAlgorithm.RsaPkcs1Sha256 : SignatureAlgorithm.EcdsaSha256;
    }

    public IReadOnlyList<X509Certificate2> CertificateChain { get; }

    public SignatureAlgorithm Algorithm { get; }

    public static Pkcs12SigningKey Load(string path, string? password) =>
        FromPkcs12(File.ReadAllBytes(path), password);

    /// <summary>
    /// Reads a PKCS#12 holding exactly one private key; the other certificates in the file become the
    /// chain, ordered from the signer towards the root by issuer name.
    /// </summary>
    public static Pkcs12SigningKey FromPkcs12(byte[] pkcs12, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12Collection(
            pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
        var withKey = all.Where(c => c.HasPrivateKey).ToList();
        if (withKey.Count != 1)
            throw new CryptographicException($"Expected one private key in the PKCS#12, found {withKey.Count}.");

        var chain = new List<X509Certificate2> { withKey[0] };
        var others = all.Where(c => !c.HasPrivateKey).ToList();
        while (true)
        {
            var current = chain[^1];
            if (current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData))
                break;
            var issuer = others.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData));
            if (issuer is null)
                break;
            chain.Add(issuer);
            others.Remove(issuer);
        }
        return new Pkcs12SigningKey(withKey[0], chain);
    }

    public byte[] SignDigest(byte[] sha256Digest)
    {
        if (sha256Digest.Length != SHA256.HashSizeInBytes)
            throw new ArgumentException("Expected a SHA-256 digest.", nameof(sha256Digest));
        return _rsa is not null
            ? _rsa.SignHash(sha256Digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ecdsa!.SignHash(sha256Digest, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
        foreach (var certificate in CertificateChain)
            certificate.Dispose();
        _leaf.Dispose();
    }
}
