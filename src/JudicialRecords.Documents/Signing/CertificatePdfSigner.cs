namespace JudicialRecords.Documents.Signing;

/// <summary>Signs a rendered certificate PDF; what the issuing job calls.</summary>
public interface IPdfSigner
{
    Task<byte[]> SignAsync(byte[] pdf, CancellationToken cancellationToken = default);
}

/// <summary>
/// The judicial-record certificate's signing sequence, each step an incremental update: the signing
/// officer's signature, the authority's seal, both B-T; a DSS with chains and CRLs (B-LT); a document
/// timestamp over the final revision (B-LTA), so the file is covered whole by its last signature.
/// </summary>
public sealed class CertificatePdfSigner : IPdfSigner, IDisposable
{
    public const string OfficerFieldName = "OfficerSignature";
    public const string SealFieldName = "AuthoritySeal";
    public const string DocumentTimeStampFieldName = "DocumentTimeStamp";

    private readonly ISigningKey _officer;
    private readonly ISigningKey _seal;
    private readonly IRevocationSource _revocation;
    private readonly PadesSigner _pades;
    private readonly IDisposable[] _owned;

    public CertificatePdfSigner(ISigningKey officer, ISigningKey seal, ITimeStampAuthority tsa,
        IRevocationSource revocation, TimeProvider clock)
        : this(officer, seal, tsa, revocation, clock, [])
    {
    }

    private CertificatePdfSigner(ISigningKey officer, ISigningKey seal, ITimeStampAuthority tsa,
        IRevocationSource revocation, TimeProvider clock, IDisposable[] owned)
    {
        _officer = officer;
        _seal = seal;
        _revocation = revocation;
        _pades = new PadesSigner(tsa, clock);
        _owned = owned;
    }

    public string OfficerReason { get; init; } = "Ký Phiếu lý lịch tư pháp";
    public string SealReason { get; init; } = "Đóng dấu của cơ quan cấp Phiếu lý lịch tư pháp";
    public string? Location { get; init; }

    /// <summary>
    /// Loads the keys named by <paramref name="options"/>. With a <see cref="SigningOptions.TsaUrl"/> the
    /// timestamps come from that TSA over <paramref name="http"/>; without one, from the in-process TSA.
    /// </summary>
    public static CertificatePdfSigner FromOptions(SigningOptions options, TimeProvider clock, HttpClient? http = null)
    {
        var owned = new List<IDisposable>();
        try
        {
            var officer = Load(options.Officer, "Signing:Officer", owned);
            var seal = Load(options.Seal, "Signing:Seal", owned);
            ITimeStampAuthority tsa;
            if (!string.IsNullOrWhiteSpace(options.TsaUrl))
            {
                tsa = new HttpTimeStampAuthority(
                    http ?? throw new ArgumentNullException(nameof(http), "An HttpClient is needed to reach Signing:TsaUrl."),
                    new Uri(options.TsaUrl));
            }
            else
            {
                var tsaKey = Load(options.Tsa ?? throw new InvalidOperationException("Configure Signing:TsaUrl, or Signing:Tsa for the in-process TSA."),
                    "Signing:Tsa", owned);
                tsa = new DevTimeStampAuthority(tsaKey, clock);
            }
            var revocation = StaticCrlSource.FromFiles(options.CrlPaths);
            return new CertificatePdfSigner(officer, seal, tsa, revocation, clock, owned.ToArray());
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            throw;
        }
    }

    public async Task<byte[]> SignAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        var signed = await _pades.AddSignatureAsync(pdf, _officer, Field(OfficerFieldName, _officer, OfficerReason), cancellationToken)
            .ConfigureAwait(false);
        signed = await _pades.AddSignatureAsync(signed, _seal, Field(SealFieldName, _seal, SealReason), cancellationToken)
            .ConfigureAwait(false);
        signed = _pades.AddValidationData(signed, _revocation);
        return await _pades.AddDocumentTimeStampAsync(signed, DocumentTimeStampFieldName, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
            owned.Dispose();
    }

    private SignatureFieldOptions Field(string name, ISigningKey key, string reason) => new(name)
    {
        SignerName = key.CertificateChain[0].GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
        Reason = reason,
        Location = Location,
    };

    private static Pkcs12SigningKey Load(KeyStoreOptions store, string setting, List<IDisposable> owned)
    {
        if (string.IsNullOrWhiteSpace(store.Pkcs12Path))
            throw new InvalidOperationException($"{setting}:Pkcs12Path is not configured.");
        var key = Pkcs12SigningKey.Load(store.Pkcs12Path, store.Pkcs12Password);
        owned.Add(key);
        return key;
    }
}
