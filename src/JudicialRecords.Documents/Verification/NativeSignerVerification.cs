using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace JudicialRecords.Documents.Verification;

/// <summary>
/// A fast path for <see cref="SignerInformation.Verify(Org.BouncyCastle.Crypto.AsymmetricKeyParameter)"/>:
/// the RFC 5652 §11 attribute rules BouncyCastle applies, then the signature value checked by .NET's
/// native RSA or ECDSA instead of BouncyCastle's managed big-integer arithmetic (most of the time a
/// verification took). It only ever says yes: anything it does not handle, and anything that fails
/// here, is left to BouncyCastle, so what passes and fails is BouncyCastle's decision.
/// </summary>
internal static class NativeSignerVerification
{
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>
    /// True when <paramref name="signer"/>'s signed attributes are well-formed, name
    /// <paramref name="contentType"/> and <paramref name="contentDigest"/>, and the signature over them
    /// verifies with <paramref name="certificate"/>'s key; false when BouncyCastle must decide.
    /// </summary>
    public static bool Verifies(SignerInformation signer, BcCertificate certificate, DerObjectIdentifier contentType, byte[] contentDigest)
    {
        try
        {
            if (HashFor(signer) is not { } hash || !AttributesHold(signer, contentType, contentDigest))
                return false;
            var signedAttributes = signer.GetEncodedSignedAttributes();
            var signature = signer.GetSignature();
            var publicKeyInfo = certificate.CertificateStructure.SubjectPublicKeyInfo;
            var keyAlgorithm = publicKeyInfo.Algorithm.Algorithm.Id;
            var spki = publicKeyInfo.GetEncoded(Asn1Encodable.Der);
            return (EncryptionKind(signer.SignatureAlgorithm.Algorithm.Id), keyAlgorithm) switch
            {
                (Kind.Rsa, RsaEncryption) => ((RSA)KeyFor(spki, Kind.Rsa)).VerifyData(signedAttributes, signature, hash, RSASignaturePadding.Pkcs1),
                (Kind.Ecdsa, EcPublicKey) => ((ECDsa)KeyFor(spki, Kind.Ecdsa)).VerifyData(signedAttributes, signature, hash, DSASignatureFormat.Rfc3279DerSequence),
                _ => false,
            };
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException or IOException or CmsException or InvalidCastException)
        {
            return false;
        }
    }

    private enum Kind { None, Rsa, Ecdsa }

    // Importing a key costs OpenSSL 3 a decoder lookup worth several verifications, and the same few
    // signer and TSA keys recur. Verifying only reads a key, so one instance serves concurrent
    // requests; were that ever to fail, the answer is false and BouncyCastle decides.
    private static readonly BoundedCache<string, AsymmetricAlgorithm> Keys = new(1024);

    private static AsymmetricAlgorithm KeyFor(byte[] spki, Kind kind) =>
        Keys.GetOrAdd(kind + ":" + Convert.ToHexString(SHA256.HashData(spki)), fingerprint =>
        {
            AsymmetricAlgorithm key = kind == Kind.Rsa ? RSA.Create() : ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(spki, out _);
            return key;
        });

    /// <summary>The signature algorithm as BouncyCastle reads the SignerInfo's signatureAlgorithm.</summary>
    private static Kind EncryptionKind(string oid) => oid switch
    {
        RsaEncryption or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13" => Kind.Rsa,
        EcPublicKey or "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4" => Kind.Ecdsa,
        _ => Kind.None,
    };

    /// <summary>
    /// The digest the signature uses: the SignerInfo's digestAlgorithm, which a combined signature
    /// algorithm (sha256WithRSAEncryption …) must agree with; otherwise BouncyCastle decides.
    /// </summary>
    private static HashAlgorithmName? HashFor(SignerInformation signer)
    {
        HashAlgorithmName? digest = signer.DigestAlgorithmID.Algorithm.Id switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
        HashAlgorithmName? implied = signer.SignatureAlgorithm.Algorithm.Id switch
        {
            "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            _ => digest,
        };
        return digest is not null && implied == digest ? digest : null;
    }

    /// <summary>
    /// RFC 5652 §11 as BouncyCastle enforces it: signed attributes present; content-type and
    /// message-digest each exactly once with one value, never unsigned, matching the content; a
    /// signing-time, if any, well-formed; no countersignature among the signed attributes, and each
    /// unsigned one non-empty.
    /// </summary>
    private static bool AttributesHold(SignerInformation signer, DerObjectIdentifier contentType, byte[] contentDigest)
    {
        var signed = signer.SignedAttributes;
        if (signed is null)
            return false;
        var unsigned = signer.UnsignedAttributes;
        Asn1Object? Single(DerObjectIdentifier oid)
        {
            if (unsigned is not null && unsigned.GetAll(oid).Count > 0)
                return null;
            var all = signed.GetAll(oid);
            return all.Count == 1 && all[0] is Org.BouncyCastle.Asn1.Cms.Attribute { AttrValues.Count: 1 } attribute
                ? attribute.AttrValues[0].ToAsn1Object()
                : null;
        }

        if (Single(CmsAttributes.ContentType) is not DerObjectIdentifier signedType || !signedType.Equals(contentType))
            return false;
        if (Single(CmsAttributes.MessageDigest) is not Asn1OctetString signedDigest
            || !CryptographicOperations.FixedTimeEquals(signedDigest.GetOctets(), contentDigest))
            return false;
        if (signed.GetAll(CmsAttributes.SigningTime).Count > 0 || unsigned?.GetAll(CmsAttributes.SigningTime).Count > 0)
        {
            if (Single(CmsAttributes.SigningTime) is not { } time)
                return false;
            Time.GetInstance(time);
        }
        if (signed.GetAll(CmsAttributes.CounterSignature).Count > 0)
            return false;
        foreach (var counter in unsigned?.GetAll(CmsAttributes.CounterSignature).OfType<Org.BouncyCastle.Asn1.Cms.Attribute>() ?? [])
        {
            if (counter.AttrValues.Count < 1)
                return false;
        }
        return true;
    }
}
