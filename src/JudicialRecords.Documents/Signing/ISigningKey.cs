using System.Security.Cryptography.X509Certificates;

namespace JudicialRecords.Documents.Signing;

/// <summary>The public-key algorithm a signing key uses; the digest is always SHA-256.</summary>
public enum SignatureAlgorithm
{
    RsaPkcs1Sha256,
    EcdsaSha256,
}

/// <summary>
/// A private key and its certificate chain. Only the raw signature step goes through this interface,
/// over a SHA-256 digest, so a hardware security module (PKCS#11 CKM_RSA_PKCS / CKM_ECDSA) can implement
/// it without the document or the CMS structure ever leaving the process.
/// </summary>
public interface ISigningKey
{
    /// <summary>The signer's certificate first, then its issuers towards the root.</summary>
    IReadOnlyList<X509Certificate2> CertificateChain { get; }

    SignatureAlgorithm Algorithm { get; }

    /// <summary>
    /// Signs a SHA-256 digest: PKCS#1 v1.5 for RSA, a DER-encoded (r, s) sequence for ECDSA, i.e. the
    /// bytes that go into a CMS SignerInfo's signature field.
    /// </summary>
    byte[] SignDigest(byte[] sha256Digest);
}
