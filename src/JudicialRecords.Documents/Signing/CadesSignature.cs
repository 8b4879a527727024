using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace JudicialRecords.Documents.Signing;

/// <summary>
/// Builds the detached CMS of a PAdES baseline signature (ETSI EN 319 142-1 §6.3, EN 319 122-1):
/// signed attributes content-type, message-digest and signing-certificate-v2 and nothing else
/// (PAdES forbids signing-time in the CMS; the time is /M and the timestamp), then an RFC 3161
/// signature timestamp as the unsigned attribute that makes it B-T.
/// </summary>
internal static class CadesSignature
{
    public static async Task<byte[]> CreateAsync(
        ByteRangeContent content, ISigningKey key, ITimeStampAuthority tsa, CancellationToken cancellationToken)
    {
        var material = SignerMaterial.For(key);
        // BouncyCastle would hash the ByteRange (the whole file) with its managed SHA-256; .NET's
        // native one is several times faster. The digest goes into the message-digest attribute
        // exactly as BouncyCastle would have put it there.
        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new SignedAttributes(content.Sha256(), material.SigningCertificateV2))
            .Build(DigestSignatureFactory.For(key), material.Chain[0]);
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(signerInfo);
        generator.AddCertificates(material.Store);
        var signed = generator.Generate(new DigestedContent(content.ContentType), encapsulate: false);

        var signer = signed.GetSignerInfos().GetSigners().Single();
        var token = await tsa.TimeStampAsync(SHA256.HashData(signer.GetSignature()), cancellationToken).ConfigureAwait(false);
        var timestamp = new Attribute(PkcsObjectIdentifiers.IdAASignatureTimeStampToken, new DerSet(Asn1Object.FromByteArray(token)));
        var stamped = SignerInformation.ReplaceUnsignedAttributes(signer, new AttributeTable(new Asn1EncodableVector(timestamp)));
        return CmsSignedData.ReplaceSigners(signed, new SignerInformationStore(stamped)).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// What a key's signatures repeat: its chain as BouncyCastle certificates and the
    /// signing-certificate-v2 attribute. Computed once per key instead of once per signature.
    /// </summary>
    private sealed class SignerMaterial
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ISigningKey, SignerMaterial> Cache = new();

        private SignerMaterial(ISigningKey key)
        {
            Chain = key.CertificateChain.Select(DotNetUtilities.FromX509Certificate).ToList();
            Store = CollectionUtilities.CreateStore(Chain);
            var leaf = Chain[0];
            // ESSCertIDv2 with the default SHA-256 (so no algorithm field) and the issuer and serial,
            // binding the signature to this exact certificate (RFC 5035).
            var certId = new EssCertIDv2(
                SHA256.HashData(leaf.GetEncoded()),
                new IssuerSerial(new GeneralNames(new GeneralName(leaf.IssuerDN)), new DerInteger(leaf.SerialNumber)));
            SigningCertificateV2 = new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2([certId])));
        }

        public IReadOnlyList<BcCertificate> Chain { get; }
        public IStore<BcCertificate> Store { get; }
        public Attribute SigningCertificateV2 { get; }

        // A key's chain never changes, so the material lives as long as the key object.
        public static SignerMaterial For(ISigningKey key) => Cache.GetValue(key, k => new SignerMaterial(k));
    }

    private sealed class SignedAttributes(byte[] contentDigest, Attribute signingCertificateV2) : CmsAttributeTableGenerator
    {
        public AttributeTable GetAttributes(IDictionary<CmsAttributeTableParameter, object> parameters)
        {
            var contentType = (DerObjectIdentifier)parameters[CmsAttributeTableParameter.ContentType];
            var vector = new Asn1EncodableVector(
                new Attribute(CmsAttributes.ContentType, new DerSet(contentType)),
                new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(contentDigest))),
                signingCertificateV2);
            return new AttributeTable(vector);
        }
    }

    /// <summary>
    /// The detached content as BouncyCastle sees it once its SHA-256 is known: it writes nothing, so
    /// BouncyCastle's own digest (of nothing) is computed but never used; the message-digest attribute
    /// carries the real one.
    /// </summary>
    private sealed class DigestedContent(DerObjectIdentifier contentType) : CmsTypedData
    {
        public DerObjectIdentifier ContentType => contentType;

        public void Write(Stream output)
        {
        }
    }
}

/// <summary>The bytes a PDF signature covers: the file minus the /Contents gap, streamed without copying.</summary>
internal sealed class ByteRangeContent(byte[] file, long gapStart, long gapEnd) : CmsTypedData
{
    public DerObjectIdentifier ContentType => CmsObjectIdentifiers.Data;

    public void Write(Stream output)
    {
        output.Write(file, 0, checked((int)gapStart));
        output.Write(file, checked((int)gapEnd), file.Length - checked((int)gapEnd));
    }

    public byte[] Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(file, 0, checked((int)gapStart));
        hash.AppendData(file, checked((int)gapEnd), file.Length - checked((int)gapEnd));
        return hash.GetHashAndReset();
    }
}
