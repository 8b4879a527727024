using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JudicialRecords.Api.Tests.Infrastructure;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;

namespace JudicialRecords.Api.Tests.Exchange;

/// <summary>What an agency does to sign a message: a detached CMS SignedData over the exact body, with its certs-dev key.</summary>
public static class AgencySigning
{
    public const string Password = "dev-password";

    public static X509Certificate2 Certificate(string p12File) =>
        X509CertificateLoader.LoadPkcs12FromFile(TestKeys.RepositoryFile("certs-dev/" + p12File), Password, X509KeyStorageFlags.Exportable);

    /// <param name="digest">The digest algorithm's OID (SHA-256 unless a test wants a weak one).</param>
    /// <param name="signingTime">A signing-time attribute other than now (a test's stale one).</param>
    public static string Sign(byte[] body, string p12File, string? digest = null, DateTime? signingTime = null)
    {
        using var certificate = Certificate(p12File);
        using var rsa = certificate.GetRSAPrivateKey()!;
        var keyPair = DotNetUtilities.GetRsaKeyPair(rsa);
        var bc = DotNetUtilities.FromX509Certificate(certificate);
        var generator = new CmsSignedDataGenerator();
        var attributes = signingTime is { } at
            ? new Org.BouncyCastle.Asn1.Cms.AttributeTable(new Org.BouncyCastle.Asn1.Asn1EncodableVector(
                new Org.BouncyCastle.Asn1.Cms.Attribute(Org.BouncyCastle.Asn1.Cms.CmsAttributes.SigningTime,
                    new Org.BouncyCastle.Asn1.DerSet(new Org.BouncyCastle.Asn1.Cms.Time(at)))))
            : null;
        generator.AddSigner(keyPair.Private, bc, digest ?? CmsSignedGenerator.DigestSha256, new DefaultSignedAttributeTableGenerator(attributes), null);
        generator.AddCertificates(CollectionUtilities.CreateStore(new[] { bc }));
        return Convert.ToBase64String(generator.Generate(new CmsProcessableByteArray(body), false).GetEncoded("DER"));
    }

    /// <summary>Posts <paramref name="body"/> exactly as given, with its signature when one is given.</summary>
    public static async Task<HttpResponseMessage> Post(HttpClient client, string path, string body, string key, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        if (signature is not null) request.Headers.Add("X-Signature", signature);
        return await client.SendAsync(request);
    }

    public static string Sha256(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}
