using JudicialRecords.Documents.Signing;

namespace JudicialRecords.Documents.Pki;

/// <summary>The options that make the service sign with certs-dev; what Development uses by default.</summary>
public static class DevPkiDefaults
{
    public static SigningOptions Signing(string certsDirectory) => new()
    {
        Officer = KeyStore(certsDirectory, DevPkiFiles.OfficerPkcs12),
        Seal = KeyStore(certsDirectory, DevPkiFiles.SealPkcs12),
        Tsa = KeyStore(certsDirectory, DevPkiFiles.TsaPkcs12),
        CrlPaths =
        [
            Path.Combine(certsDirectory, DevPkiFiles.RootCaCrl),
            Path.Combine(certsDirectory, DevPkiFiles.IssuingCaCrl),
        ],
    };

    public static TrustOptions Trust(string certsDirectory) =>
        new() { AnchorsPath = Path.Combine(certsDirectory, DevPkiFiles.RootCaCertificate) };

    private static KeyStoreOptions KeyStore(string directory, string file) =>
        new() { Pkcs12Path = Path.Combine(directory, file), Pkcs12Password = DevPkiFiles.Pkcs12Password };
}
