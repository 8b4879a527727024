using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JudicialRecords.Documents.Signing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace JudicialRecords.Documents.Pki;

/// <summary>
/// Generates the development PKI in certs-dev. Keys are made by .NET (fast, OpenSSL-backed);
/// certificates and CRLs are built by BouncyCastle, which can express every extension we need.
/// </summary>
public static class DevPki
{
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(5 * 365);
    // CAs outlive the leaves they issue, so a leaf never ends after its issuer.
    private static readonly TimeSpan IssuingCaLifetime = TimeSpan.FromDays(10 * 365);
    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(20 * 365);
    // CAs are back-dated so the deliberately expired signer still lies inside its issuer's validity.
    private static readonly TimeSpan CaBackdating = TimeSpan.FromDays(3 * 365);
    // Leaves are back-dated a little so a clock slightly behind does not see them as not yet valid.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    public static void Generate(string outputDirectory, DateTimeOffset now) =>
        Generate(outputDirectory, now, new DevPkiNames());

    public static void Generate(string outputDirectory, DateTimeOffset now, DevPkiNames names)
    {
        Directory.CreateDirectory(outputDirectory);
        var writer = new Writer(outputDirectory);
        var caFrom = now - CaBackdating;

        using var rootKey = RSA.Create(3072);
        var root = Issue(new CertificateSpec(
            Subject: Name(names.RootCa, names.PkiOrganisation),
            Key: rootKey, NotBefore: caFrom, NotAfter: now + RootLifetime,
            Profile: Profile.Ca), issuer: null, issuerKey: rootKey);
        writer.Certificate(DevPkiFiles.RootCaCertificate, root);
        writer.Pkcs12(DevPkiFiles.RootCaPkcs12, rootKey, root);

        using var issuingKey = RSA.Create(2048);
        var issuing = Issue(new CertificateSpec(
            Subject: Name(names.IssuingCa, names.PkiOrganisation),
            Key: issuingKey, NotBefore: caFrom, NotAfter: now + IssuingCaLifetime,
            Profile: Profile.Ca, CrlUrl: DevPkiFiles.RootCaCrlUrl, PathLength: 0), root, rootKey);
        writer.Certificate(DevPkiFiles.IssuingCaCertificate, issuing);
        writer.Pkcs12(DevPkiFiles.IssuingCaPkcs12, issuingKey, issuing, root);

        void Leaf(string certificateFile, string pkcs12File, X509Name subject, Profile profile,
            DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, List<BcCertificate>? issued = null, bool ellipticCurve = false)
        {
            using AsymmetricAlgorithm key = ellipticCurve ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
            var certificate = Issue(new CertificateSpec(
                subject, key, notBefore ?? now - ClockSkew, notAfter ?? now + LeafLifetime,
                profile, DevPkiFiles.IssuingCaCrlUrl), issuing, issuingKey);
            writer.Certificate(certificateFile, certificate);
            writer.Pkcs12(pkcs12File, key, certificate, issuing, root);
            issued?.Add(certificate);
        }

        Leaf(DevPkiFiles.SealCertificate, DevPkiFiles.SealPkcs12,
            Name(names.SealName, names.Authority, names.Locality), Profile.DocumentSigner);
        Leaf(DevPkiFiles.OfficerCertificate, DevPkiFiles.OfficerPkcs12,
            Name(names.OfficerName, names.Authority, names.Locality, names.OfficerTitle), Profile.DocumentSigner);
        // The TSA signs three timestamps a certificate: on P-256 each costs a tenth of an RSA-2048 signature (certs-dev/README.md).
        Leaf(DevPkiFiles.TsaCertificate, DevPkiFiles.TsaPkcs12,
            Name(names.TsaName, names.PkiOrganisation), Profile.TimeStamping, ellipticCurve: true);
        foreach (var agency in names.Agencies)
        {
            var stem = "client-" + agency.Code.ToLowerInvariant();
            Leaf(stem + ".crt.pem", stem + ".p12", Name(agency.Code, agency.Name, names.Locality), Profile.TlsClient);
        }

        var revoked = new List<BcCertificate>();
        Leaf(DevPkiFiles.RevokedSignerCertificate, DevPkiFiles.RevokedSignerPkcs12,
            Name("Revoked Test Signer", names.Authority, names.Locality), Profile.DocumentSigner,
            notBefore: now - TimeSpan.FromDays(30), issued: revoked);
        Leaf(DevPkiFiles.ExpiredSignerCertificate, DevPkiFiles.ExpiredSignerPkcs12,
            Name("Expired Test Signer", names.Authority, names.Locality), Profile.DocumentSigner,
            notBefore: now - TimeSpan.FromDays(2 * 365), notAfter: now - TimeSpan.FromDays(365));

        // CRLs are long-lived (next update with the issuing CA's lifetime) only because the
        // development files are committed and must keep validating for years.
        writer.Crl(DevPkiFiles.RootCaCrl, IssueCrl(root, rootKey, now, now + IssuingCaLifetime, []));
        writer.Crl(DevPkiFiles.IssuingCaCrl, IssueCrl(issuing, issuingKey, now, now + IssuingCaLifetime,
            revoked.Select(c => c.SerialNumber).ToList()));

        // A self-contained second hierarchy that nothing trusts: the "signer from an untrusted root" attack.
        using var rogueRootKey = RSA.Create(2048);
        var rogueRoot = Issue(new CertificateSpec(
            Name("Untrusted Root CA", "Unknown Organisation"), rogueRootKey, caFrom, now + RootLifetime, Profile.Ca),
            issuer: null, issuerKey: rogueRootKey);
        writer.Certificate(DevPkiFiles.UntrustedRootCertificate, rogueRoot);
        using var rogueKey = RSA.Create(2048);
        var rogueSigner = Issue(new CertificateSpec(
            Name(names.SealName, names.Authority, names.Locality), rogueKey, now - ClockSkew, now + LeafLifetime,
            Profile.DocumentSigner), rogueRoot, rogueRootKey);
        writer.Certificate(DevPkiFiles.UntrustedSignerCertificate, rogueSigner);
        writer.Pkcs12(DevPkiFiles.UntrustedSignerPkcs12, rogueKey, rogueSigner, rogueRoot);

        using var jwtKey = RSA.Create(2048);
        writer.Text(DevPkiFiles.JwtSigningKey, jwtKey.ExportPkcs8PrivateKeyPem());
        writer.Text(DevPkiFiles.JwtPublicKey, jwtKey.ExportSubjectPublicKeyInfoPem());

        using var receiptKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        writer.Text(DevPkiFiles.ReceiptSigningKey, receiptKey.ExportPkcs8PrivateKeyPem());
        writer.Text(DevPkiFiles.ReceiptPublicKey, receiptKey.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>
    /// The agency code of a client certificate: its subject's one CN attribute (e.g. "TAND-DNA"), or null when the subject
    /// has none or several. Read as such: X509NameType.SimpleName would fall back to the O, OU or e-mail of a subject
    /// without a CN, and an organisation named "TAND-DNA" is not the court.
    /// </summary>
    public static string? AgencyCodeOf(X509Certificate2 clientCertificate)
    {
        var names = clientCertificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
            .Select(rdn => rdn.GetSingleElementValue())
            .ToList();
        return names is [{ } cn] && !string.IsNullOrWhiteSpace(cn) ? cn : null;
    }

    private const string CommonNameOid = "2.5.4.3";

    private enum Profile
    {
        Ca,
        DocumentSigner,
        TimeStamping,
        TlsClient,
    }

    private sealed record CertificateSpec(
        X509Name Subject,
        AsymmetricAlgorithm Key,
        DateTimeOffset NotBefore,
        DateTimeOffset NotAfter,
        Profile Profile,
        string? CrlUrl = null,
        int? PathLength = null);

    private static X509Name Name(string commonName, string organisation, string? locality = null, string? title = null)
    {
        // Encoded from the country down to the common name, the conventional order. BouncyCastle
        // encodes these attributes as UTF8String (C as PrintableString), so Vietnamese survives.
        var oids = new List<DerObjectIdentifier> { X509Name.CN };
        var values = new List<string> { commonName };
        if (title is not null)
        {
            oids.Add(X509Name.T);
            values.Add(title);
        }
        oids.Add(X509Name.O);
        values.Add(organisation);
        if (locality is not null)
        {
            oids.Add(X509Name.ST);
            values.Add(locality);
        }
        oids.Add(X509Name.C);
        values.Add("VN");
        oids.Reverse();
        values.Reverse();
        return new X509Name(oids, values);
    }

    private static BcCertificate Issue(CertificateSpec spec, BcCertificate? issuer, RSA issuerKey)
    {
        var publicKey = PublicKeyFactory.CreateKey(spec.Key.ExportSubjectPublicKeyInfo());
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(NewSerialNumber());
        generator.SetIssuerDN(issuer?.SubjectDN ?? spec.Subject);
        generator.SetSubjectDN(spec.Subject);
        generator.SetNotBefore(spec.NotBefore.UtcDateTime);
        generator.SetNotAfter(spec.NotAfter.UtcDateTime);
        generator.SetPublicKey(publicKey);

        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
            X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer?.GetPublicKey() ?? publicKey));

        switch (spec.Profile)
        {
            case Profile.Ca:
                generator.AddExtension(X509Extensions.BasicConstraints, true,
                    spec.PathLength is { } pathLength ? new BasicConstraints(pathLength) : new BasicConstraints(true));
                generator.AddExtension(X509Extensions.KeyUsage, true,
                    new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
                break;
            case Profile.DocumentSigner:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true,
                    new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
                // emailProtection is what NSS (pdfsig) checks for a CMS signer; documentSigning is the
                // modern purpose (RFC 9336) other validators look for.
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeID.id_kp_emailProtection, KeyPurposeID.id_kp_documentSigning));
                break;
            case Profile.TimeStamping:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true,
                    new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
                // RFC 3161 §2.3: exactly id-kp-timeStamping, and critical.
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, true,
                    new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
                break;
            case Profile.TlsClient:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true,
                    new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeID.id_kp_clientAuth));
                break;
        }

        if (spec.CrlUrl is not null)
        {
            var name = new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, spec.CrlUrl));
            var point = new DistributionPoint(new DistributionPointName(name), null, null);
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([point]));
        }

        return generator.Generate(DigestSignatureFactory.For(issuerKey));
    }

    private static X509Crl IssueCrl(BcCertificate issuer, RSA issuerKey, DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate, IReadOnlyList<BigInteger> revokedSerials)
    {
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer.SubjectDN);
        generator.SetThisUpdate(thisUpdate.UtcDateTime);
        generator.SetNextUpdate(nextUpdate.UtcDateTime);
        foreach (var serial in revokedSerials)
            generator.AddCrlEntry(serial, thisUpdate.UtcDateTime, CrlReason.KeyCompromise);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.GetPublicKey()));
        generator.AddExtension(X509Extensions.CrlNumber, false,
            new CrlNumber(BigInteger.ValueOf(thisUpdate.ToUnixTimeSeconds())));
        return generator.Generate(DigestSignatureFactory.For(issuerKey));
    }

    private static BigInteger NewSerialNumber()
    {
        // 16 random bytes with the top bit cleared: positive, unique, unpredictable (CA/B BR §7.1).
        var bytes = RandomNumberGenerator.GetBytes(16);
        bytes[0] &= 0x7F;
        bytes[0] |= 0x01;
        return new BigInteger(1, bytes);
    }

    private sealed class Writer(string directory)
    {
        public void Text(string file, string text) =>
            File.WriteAllText(Path.Combine(directory, file), text.EndsWith('\n') ? text : text + "\n", new UTF8Encoding(false));

        public void Certificate(string file, BcCertificate certificate) =>
            Text(file, PemEncoding.WriteString("CERTIFICATE", certificate.GetEncoded()));

        public void Crl(string file, X509Crl crl) =>
            File.WriteAllBytes(Path.Combine(directory, file), crl.GetEncoded());

        /// <summary>The key with its certificate and the chain above it, PBES2/AES-256 protected.</summary>
        public void Pkcs12(string file, AsymmetricAlgorithm key, BcCertificate certificate, params BcCertificate[] chain)
        {
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetEncoded());
            using var leafWithKey = key switch
            {
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
                _ => throw new ArgumentException("An RSA or ECDSA key.", nameof(key)),
            };
            var collection = new X509Certificate2Collection(leafWithKey);
            foreach (var issuer in chain)
                collection.Add(X509CertificateLoader.LoadCertificate(issuer.GetEncoded()));
            var pkcs12 = collection.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, DevPkiFiles.Pkcs12Password);
            File.WriteAllBytes(Path.Combine(directory, file), pkcs12);
            foreach (var issuer in collection.Skip(1))
                issuer.Dispose();
        }
    }
}
