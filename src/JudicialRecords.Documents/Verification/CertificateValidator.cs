using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.X509;

namespace JudicialRecords.Documents.Verification;

/// <summary>What a certificate at the end of a chain is used for; it decides the key usage required.</summary>
internal enum CertificatePurpose
{
    DocumentSigner,
    TimeStamping,
}

/// <summary>The parts of a chain validation a report and the PAdES level need besides the checks.</summary>
internal sealed record ChainResult(bool Trusted, bool Revoked, bool RevocationFromDss);

/// <summary>
/// Builds and validates certificate paths to the configured trust anchors (RFC 5280 §6, reduced to what
/// a PAdES verifier needs): issuer by name and signature, CA constraints, validity at a given time and
/// revocation from CRLs. Thread-safe; parsed certificates and CRLs and every signature check are cached,
/// because the same CA certificates and CRLs come with almost every file.
/// </summary>
internal sealed class CertificateValidator
{
    private const int MaxPathLength = 8;

    private readonly IReadOnlyList<X509Certificate> _anchors;
    private readonly HashSet<string> _anchorFingerprints;
    private readonly IReadOnlyList<X509Crl> _configuredCrls;
    private readonly BoundedCache<string, X509Certificate> _certificates = new(4096);
    private readonly BoundedCache<string, X509Crl> _crls = new(1024);
    private readonly BoundedCache<(string Signed, string Signer), bool> _signatures = new(8192);
    private readonly BoundedCache<string, AsymmetricKeyParameter> _publicKeys = new(4096);

    public CertificateValidator(IEnumerable<X509Certificate> anchors, IEnumerable<X509Crl> configuredCrls)
    {
        _anchors = anchors.ToList();
        _anchorFingerprints = _anchors.Select(Fingerprint).ToHashSet();
        _configuredCrls = configuredCrls.ToList();
    }

    public X509Certificate ParseCertificate(byte[] der) =>
        _certificates.GetOrAdd(Fingerprint(der), _ => new X509CertificateParser().ReadCertificate(der)
            ?? throw new FormatException("Not a certificate."));

    public X509Crl ParseCrl(byte[] der) =>
        _crls.GetOrAdd(Fingerprint(der), _ => new X509CrlParser().ReadCrl(der) ?? throw new FormatException("Not a CRL."));

    /// <summary>
    /// Validates <paramref name="leaf"/> at <paramref name="time"/>, recording the certificateChain,
    /// validity and revocation checks in <paramref name="findings"/>.
    /// </summary>
    /// <param name="pool">Certificates that may complete the path (the CMS's, the DSS's).</param>
    /// <param name="dssCrls">CRLs from the document; the configured ones are added.</param>
    /// <param name="timeIsProven">A timestamp proves <paramref name="time"/>: failures at that time are
    /// then definite (TOTAL_FAILED) rather than INDETERMINATE.</param>
    public ChainResult Validate(X509Certificate leaf, IReadOnlyCollection<X509Certificate> pool, IReadOnlyCollection<X509Crl> dssCrls,
        DateTime time, bool timeIsProven, CertificatePurpose purpose, Findings findings)
    {
        var path = BuildPath(leaf, pool);
        if (path is null)
        {
            findings.Fail(VerificationCheck.CertificateChain, Indication.Indeterminate, SubIndication.NoCertificateChainFound,
                $"No chain from '{leaf.SubjectDN}' to a trusted root.");
            return new ChainResult(false, false, false);
        }
        if (ConstraintViolation(path, purpose) is { } violation)
        {
            findings.Fail(VerificationCheck.CertificateChain, Indication.Indeterminate, SubIndication.ChainConstraintsFailure, violation);
            return new ChainResult(false, false, false);
        }
        findings.Pass(VerificationCheck.CertificateChain,
            "Chain: " + string.Join(" → ", path.Select(c => CommonName(c) ?? c.SubjectDN.ToString())) + " (trusted root).");

        CheckValidity(path, time, timeIsProven, findings);
        var (revoked, fromDss) = CheckRevocation(path, dssCrls, time, timeIsProven, findings);
        return new ChainResult(true, revoked, fromDss);
    }

    /// <summary>
    /// The certificate's public key. Cached because BouncyCastle validates an RSA modulus (a primality
    /// test) every time it builds the key, which costs milliseconds: more than the signature check.
    /// </summary>
    public AsymmetricKeyParameter PublicKey(X509Certificate certificate) =>
        _publicKeys.GetOrAdd(Fingerprint(certificate), _ => certificate.GetPublicKey());

    public static string? CommonName(X509Certificate certificate) =>
        certificate.SubjectDN.GetValueList(X509Name.CN).FirstOrDefault();

    private List<X509Certificate>? BuildPath(X509Certificate leaf, IReadOnlyCollection<X509Certificate> pool)
    {
        var path = new List<X509Certificate> { leaf };
        while (path.Count <= MaxPathLength)
        {
            var current = path[^1];
            if (_anchorFingerprints.Contains(Fingerprint(current)))
                return path;
            var anchor = _anchors.FirstOrDefault(a => IsIssuedBy(current, a));
            if (anchor is not null)
            {
                path.Add(anchor);
                return path;
            }
            var issuer = pool.FirstOrDefault(c => !path.Contains(c) && IsIssuedBy(current, c));
            if (issuer is null)
                return null;
            path.Add(issuer);
        }
        return null;
    }

    private bool IsIssuedBy(X509Certificate certificate, X509Certificate issuer) =>
        SameName(certificate.IssuerDN, issuer.SubjectDN)
        && _signatures.GetOrAdd((Fingerprint(certificate), Fingerprint(issuer)), _ => Verifies(() => certificate.Verify(PublicKey(issuer))));

    private static string? ConstraintViolation(List<X509Certificate> path, CertificatePurpose purpose)
    {
        for (var i = 1; i < path.Count; i++)
        {
            var ca = path[i];
            var pathLength = ca.GetBasicConstraints();
            if (pathLength < 0)
                return $"'{ca.SubjectDN}' issues certificates but is not a CA (basicConstraints).";
            if (ca.GetKeyUsage() is { } usage && !usage[5])
                return $"'{ca.SubjectDN}' may not sign certificates (keyUsage keyCertSign).";
            // Intermediate CAs below this one, not counting the end-entity certificate.
            if (i - 1 > pathLength)
                return $"'{ca.SubjectDN}' allows {pathLength} intermediate CAs below it but has {i - 1}.";
        }
        var leafUsage = path[0].GetKeyUsage();
        return purpose == CertificatePurpose.DocumentSigner && leafUsage is not null && !leafUsage[0] && !leafUsage[1]
            ? $"'{path[0].SubjectDN}' may not sign documents (keyUsage digitalSignature or nonRepudiation)."
            : null;
    }

    private static void CheckValidity(List<X509Certificate> path, DateTime time, bool timeIsProven, Findings findings)
    {
        for (var i = 0; i < path.Count; i++)
        {
            var certificate = path[i];
            if (time >= certificate.NotBefore && time <= certificate.NotAfter)
                continue;
            var detail = $"'{CommonName(certificate)}' is valid {certificate.NotBefore:u} to {certificate.NotAfter:u}, not at {time:u}.";
            // EN 319 102-1: a proven signing time outside the signer's validity is a definite failure;
            // without proof, or for a CA, the signature may still have been made in time.
            if (i == 0 && timeIsProven)
            {
                findings.Fail(VerificationCheck.Validity, Indication.TotalFailed,
                    time > certificate.NotAfter ? SubIndication.Expired : SubIndication.NotYetValid, detail);
            }
            else
                findings.Fail(VerificationCheck.Validity, Indication.Indeterminate, SubIndication.OutOfBoundsNoPoe, detail);
            return;
        }
        findings.Pass(VerificationCheck.Validity, $"Every certificate of the chain is valid at {time:u}.");
    }

    private (bool Revoked, bool FromDss) CheckRevocation(List<X509Certificate> path, IReadOnlyCollection<X509Crl> dssCrls,
        DateTime time, bool timeIsProven, Findings findings)
    {
        var leafFromDss = false;
        // The last certificate is the trust anchor: trusted by configuration, nothing revokes it.
        for (var i = 0; i < path.Count - 1; i++)
        {
            var (certificate, issuer) = (path[i], path[i + 1]);
            var usable = dssCrls.Select(crl => (Crl: crl, FromDss: true))
                .Concat(_configuredCrls.Select(crl => (Crl: crl, FromDss: false)))
                .Where(c => IsUsableCrl(c.Crl, issuer, time))
                .ToList();
            if (usable.Count == 0)
            {
                findings.Fail(VerificationCheck.Revocation, Indication.Indeterminate, SubIndication.TryLater,
                    $"No CRL from '{CommonName(issuer)}' valid at {time:u} to check '{CommonName(certificate)}'.");
                return (false, false);
            }
            if (i == 0)
                leafFromDss = usable.Any(c => c.FromDss);
            var entry = usable.Select(c => c.Crl.GetRevokedCertificate(certificate.SerialNumber)).FirstOrDefault(e => e is not null);
            if (entry is not null && entry.RevocationDate <= time)
            {
                var detail = $"'{CommonName(certificate)}' was revoked at {entry.RevocationDate:u}, before {time:u}.";
                if (i > 0)
                    findings.Fail(VerificationCheck.Revocation, Indication.Indeterminate, SubIndication.RevokedCaNoPoe, detail);
                else if (timeIsProven)
                    findings.Fail(VerificationCheck.Revocation, Indication.TotalFailed, SubIndication.Revoked, detail);
                else
                    findings.Fail(VerificationCheck.Revocation, Indication.Indeterminate, SubIndication.RevokedNoPoe, detail);
                return (true, leafFromDss);
            }
        }
        findings.Pass(VerificationCheck.Revocation, $"No certificate of the chain is revoked at {time:u}"
            + (leafFromDss ? " (CRLs from the document's DSS)." : " (configured CRLs)."));
        return (false, leafFromDss);
    }

    /// <summary>
    /// A CRL speaks for <paramref name="time"/> if its issuer signed it and it was not yet superseded
    /// then; one issued later still lists every revocation up to its own date.
    /// </summary>
    private bool IsUsableCrl(X509Crl crl, X509Certificate issuer, DateTime time) =>
        SameName(crl.IssuerDN, issuer.SubjectDN)
        && (crl.NextUpdate is not { } next || next >= time)
        && (issuer.GetKeyUsage() is not { } usage || usage[6])
        && _signatures.GetOrAdd((Fingerprint(crl.GetEncoded()), Fingerprint(issuer)), _ => Verifies(() => crl.Verify(PublicKey(issuer))));

    // Names are compared as encoded: CAs copy their subject into what they issue byte for byte
    // (RFC 5280 §4.1.2.4 expects it), and it is much cheaper than X.500 string matching.
    private static bool SameName(X509Name a, X509Name b) => Arrays.AreEqual(a.GetEncoded(), b.GetEncoded());

    private static bool Verifies(Action verify)
    {
        try
        {
            verify();
            return true;
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.GeneralSecurityException or Org.BouncyCastle.Crypto.CryptoException
                                      or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Fingerprint(X509Certificate certificate) => Fingerprint(certificate.GetEncoded());

    private static string Fingerprint(byte[] der) => Convert.ToHexString(SHA256.HashData(der));
}
