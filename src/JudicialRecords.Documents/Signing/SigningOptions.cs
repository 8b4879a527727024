namespace JudicialRecords.Documents.Signing;

/// <summary>Where a signing key comes from: a PKCS#12 file and its password.</summary>
public sealed record KeyStoreOptions
{
    public string Pkcs12Path { get; init; } = "";

    /// <summary>Supply through the environment (e.g. <c>Signing__Seal__Pkcs12Password</c>), never a file in the repository.</summary>
    public string? Pkcs12Password { get; init; }
}

/// <summary>
/// Configuration section "Signing". In Development it points at certs-dev
/// (<see cref="Pki.DevPki"/>); in production every path and password comes from the environment, e.g.
/// <c>Signing__Officer__Pkcs12Path</c>, <c>Signing__Seal__Pkcs12Path</c>, <c>Signing__TsaUrl</c>.
/// </summary>
public sealed record SigningOptions
{
    public const string SectionName = "Signing";

    /// <summary>The signing officer's personal key: the first signature on every certificate.</summary>
    public KeyStoreOptions Officer { get; init; } = new();

    /// <summary>The issuing authority's seal (organisation) key: the second signature.</summary>
    public KeyStoreOptions Seal { get; init; } = new();

    /// <summary>An RFC 3161 time-stamping service. When empty, the in-process TSA below is used.</summary>
    public string? TsaUrl { get; init; }

    /// <summary>The key of the in-process development TSA; ignored when <see cref="TsaUrl"/> is set.</summary>
    public KeyStoreOptions? Tsa { get; init; }

    /// <summary>
    /// DER CRL files embedded in the DSS for long-term validation. Production deployments point these
    /// at CRLs refreshed from the CAs' distribution points.
    /// </summary>
    public IReadOnlyList<string> CrlPaths { get; init; } = [];
}

/// <summary>Configuration section "Trust": the roots a verifier accepts (<c>Trust__AnchorsPath</c>).</summary>
public sealed record TrustOptions
{
    public const string SectionName = "Trust";

    /// <summary>A PEM file holding one or more trusted root certificates.</summary>
    public string AnchorsPath { get; init; } = "";
}
