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
        CmsTypedData content, ISigningKey key, ITimeStampAuthority tsa, CancellationToken cancellationToken)
    {
        var chain = key.CertificateChain.Select(DotNetUtilities.FromX509Certificate).ToList();
        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new SignedAttributes(chain[0]))
            .Build(DigestSignatureFactory.For(key), chain[0]);
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(signerInfo);
        generator.AddCertificates(CollectionUtilities.CreateStore(chain));
        var signed = generator.Generate(content, encapsulate: false);

        var signer = signed.GetSignerInfos().GetSigners().Single();
        var token = await tsa.TimeStampAsync(SHA256.HashData(signer.GetSignature()), cancellationToken).ConfigureAwait(false);
        var timestamp = new Attribute(PkcsObjectIdentifiers.IdAASignatureTimeStampToken, new DerSet(Asn1Object.FromByteArray(token)));
        var stamped = SignerInformation.ReplaceUnsignedAttributes(signer, new AttributeTable(new Asn1EncodableVector(timestamp)));
        return CmsSignedData.ReplaceSigners(signed, new SignerInformationStore(stamped)).GetEncoded(Asn1Encodable.Der);
    }

    private sealed class SignedAttributes(BcCertificate signerCertificate) : CmsAttributeTableGenerator
    {
        public AttributeTable GetAttributes(IDictionary<CmsAttributeTableParameter, object> parameters)
        {
            var contentType = (DerObjectIdentifier)parameters[CmsAttributeTableParameter.ContentType];
            var digest = (byte[])parameters[CmsAttributeTableParameter.Digest];
            // ESSCertIDv2 with the default SHA-256 (so no algorithm field) and the issuer and serial,
            // binding the signature to this exact certificate (RFC 5035).
            var certId = new EssCertIDv2(
                SHA256.HashData(signerCertificate.GetEncoded()),
                new IssuerSerial(new GeneralNames(new GeneralName(signerCertificate.IssuerDN)), new DerInteger(signerCertificate.SerialNumber)));
            var vector = new Asn1EncodableVector(
                new Attribute(CmsAttributes.ContentType, new DerSet(contentType)),
                new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(digest))),
                new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2([certId]))));
            return new AttributeTable(vector);
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
