namespace JudicialRecords.Documents.Pki;

/// <summary>The fixed file names <see cref="DevPki.Generate(string, DateTimeOffset)"/> writes.</summary>
public static class DevPkiFiles
{
    /// <summary>Password of every <c>.p12</c> file in certs-dev.</summary>
    public const string Pkcs12Password = "dev-password";

    public const string RootCaCertificate = "root-ca.crt.pem";
    public const string RootCaPkcs12 = "root-ca.p12";
    public const string RootCaCrl = "root-ca.crl";

    public const string IssuingCaCertificate = "issuing-ca.crt.pem";
    public const string IssuingCaPkcs12 = "issuing-ca.p12";
    public const string IssuingCaCrl = "issuing-ca.crl";

    public const string SealCertificate = "seal.crt.pem";
    public const string SealPkcs12 = "seal.p12";

    public const string OfficerCertificate = "officer.crt.pem";
    public const string OfficerPkcs12 = "officer.p12";

    public const string TsaCertificate = "tsa.crt.pem";
    public const string TsaPkcs12 = "tsa.p12";

    public const string CourtClientCertificate = "client-tand-dna.crt.pem";
    public const string CourtClientPkcs12 = "client-tand-dna.p12";
    public const string PoliceClientCertificate = "client-ca-dna.crt.pem";
    public const string PoliceClientPkcs12 = "client-ca-dna.p12";
    public const string EnforcementClientCertificate = "client-thads-dna.crt.pem";
    public const string EnforcementClientPkcs12 = "client-thads-dna.p12";

    public const string RevokedSignerCertificate = "revoked-signer.crt.pem";
    public const string RevokedSignerPkcs12 = "revoked-signer.p12";
    public const string ExpiredSignerCertificate = "expired-signer.crt.pem";
    public const string ExpiredSignerPkcs12 = "expired-signer.p12";

    public const string UntrustedRootCertificate = "untrusted-root-ca.crt.pem";
    public const string UntrustedSignerCertificate = "untrusted-signer.crt.pem";
    public const string UntrustedSignerPkcs12 = "untrusted-signer.p12";

    public const string JwtSigningKey = "jwt-signing-key.pem";
    public const string JwtPublicKey = "jwt-signing-key.pub.pem";

    public const string ReceiptSigningKey = "receipt-signing-key.pem";
    public const string ReceiptPublicKey = "receipt-signing-key.pub.pem";

    /// <summary>Where the certificates say each CA's CRL is published (a development placeholder).</summary>
    public const string RootCaCrlUrl = "http://localhost/pki/root-ca.crl";
    public const string IssuingCaCrlUrl = "http://localhost/pki/issuing-ca.crl";

    public static IReadOnlyList<string> All { get; } =
    [
        RootCaCertificate, RootCaPkcs12, RootCaCrl,
        IssuingCaCertificate, IssuingCaPkcs12, IssuingCaCrl,
        SealCertificate, SealPkcs12,
        OfficerCertificate, OfficerPkcs12,
        TsaCertificate, TsaPkcs12,
        CourtClientCertificate, CourtClientPkcs12,
        PoliceClientCertificate, PoliceClientPkcs12,
        EnforcementClientCertificate, EnforcementClientPkcs12,
        RevokedSignerCertificate, RevokedSignerPkcs12,
        ExpiredSignerCertificate, ExpiredSignerPkcs12,
        UntrustedRootCertificate, UntrustedSignerCertificate, UntrustedSignerPkcs12,
        JwtSigningKey, JwtPublicKey,
        ReceiptSigningKey, ReceiptPublicKey,
    ];
}
