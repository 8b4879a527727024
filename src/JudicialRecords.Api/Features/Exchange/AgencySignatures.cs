using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JudicialRecords.Api.Infrastructure.Health;
using JudicialRecords.Api.Infrastructure;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.OpenApi;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;
using Org.BouncyCastle.Cms;
using BcCrl = Org.BouncyCastle.X509.X509Crl;
using BcCrlParser = Org.BouncyCastle.X509.X509CrlParser;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>Configuration of agency message signatures (section "Exchange").</summary>
public sealed class AgencySignatureSettings
{
    public const string Header = "X-Signature";
    public const string ReceiptHeader = "X-Receipt";

    /// <summary><c>Exchange:RequireSignatures</c>: every agency POST must carry X-Signature (default: false in Development, true elsewhere).</summary>
    public bool RequireSignatures { get; init; }

    /// <summary>The largest agency message read for signature checking and evidence.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;
}

/// <summary>The raw agency message as received, its SHA-256 (hex, over the bytes only) and who signed it, if anyone.</summary>
public sealed record AgencyMessage(byte[] Body, string Sha256, string? Signature, string? Signer)
{
    public static AgencyMessage? Of(HttpContext http) => http.Features.Get<AgencyMessage>();
}

/// <summary>The outcome of checking an X-Signature: the signer's agency code, or the status and reason of a refusal.</summary>
public sealed record SignatureCheck(string? Agency, int Status, string? Problem)
{
    public static SignatureCheck Valid(string agency) => new(agency, 200, null);
    public static SignatureCheck Malformed(string detail) => new(null, StatusCodes.Status400BadRequest, detail);
    public static SignatureCheck Refused(string detail) => new(null, StatusCodes.Status401Unauthorized, detail);
}

/// <summary>
/// Checks a detached CMS SignedData (DER, base64 in X-Signature) over the exact raw body: one signer, the
/// signature verifies, the signer certificate chains to a configured trust anchor, is valid now, has the
/// clientAuth EKU, is not revoked according to the configured CRLs, and its subject CN is the caller's agency.
/// </summary>
public sealed class AgencySignatureVerifier(
    X509Certificate2Collection anchors, X509Certificate2Collection intermediates, CrlFiles crls, TimeProvider time)
{
    const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <param name="intermediatesPath">PEM CA certificates that may complete a chain the client does not send in full.</param>
    public static AgencySignatureVerifier FromOptions(TrustOptions trust, string? intermediatesPath, IEnumerable<string> crlPaths, TimeProvider time)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(trust.AnchorsPath);
        if (anchors.Count == 0) throw new InvalidOperationException($"No certificate in {trust.AnchorsPath}.");
        var intermediates = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(intermediatesPath)) intermediates.ImportFromPemFile(intermediatesPath);
        return new AgencySignatureVerifier(anchors, intermediates, new CrlFiles([.. crlPaths], time), time);
    }

    const int MinRsaBits = 2048;

    static readonly HashSet<string> StrongDigests =
    [
        Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha256.Id,
        Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha384.Id,
        Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha512.Id,
    ];

    public X509Certificate2Collection Anchors => anchors;

    public X509Certificate2Collection Intermediates => intermediates;

    public SignatureCheck Verify(byte[] body, string header, string expectedAgency)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            return SignatureCheck.Malformed("X-Signature is not base64.");
        }

        CmsSignedData cms;
        SignerInformation signer;
        Org.BouncyCastle.X509.X509Certificate[] embedded;
        try
        {
            if (new CmsSignedData(der).SignedContent is not null)
                return SignatureCheck.Malformed("X-Signature must be a detached CMS SignedData (no encapsulated content).");
            cms = new CmsSignedData(new CmsProcessableByteArray(body), der);
            var signers = cms.GetSignerInfos().GetSigners();
            if (signers.Count != 1) return SignatureCheck.Malformed("X-Signature must have exactly one signer.");
            signer = signers.First();
            embedded = [.. cms.GetCertificates().EnumerateMatches(null)];
        }
        catch (Exception e) when (e is CmsException or IOException or ArgumentException or InvalidCastException or InvalidOperationException
                                      or FormatException or Org.BouncyCastle.Asn1.Asn1Exception)
        {
            return SignatureCheck.Malformed($"X-Signature is not a DER CMS SignedData: {e.Message}");
        }

        var candidates = embedded.Where(c => signer.SignerID.Match(c)).ToList();
        if (candidates.Count != 1) return SignatureCheck.Malformed("X-Signature must embed the signer's certificate.");
        var signerCertificate = candidates[0];
        if (!StrongDigests.Contains(signer.DigestAlgorithmID.Algorithm.Id))
            return SignatureCheck.Malformed("X-Signature must use SHA-256, SHA-384 or SHA-512.");
        if (signerCertificate.GetPublicKey() is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters { Modulus.BitLength: < MinRsaBits })
            return SignatureCheck.Refused($"The signer's RSA key is shorter than {MinRsaBits} bits.");
        try
        {
            if (!signer.Verify(signerCertificate)) return SignatureCheck.Refused("The signature does not match the body.");
        }
        catch (Exception e) when (e is CmsException or Org.BouncyCastle.Security.SecurityUtilityException or ArgumentException
                                      or InvalidOperationException or CryptographicException)
        {
            return SignatureCheck.Refused($"The signature does not match the body: {e.Message}");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(signerCertificate.GetEncoded());
        if (TrustProblem(leaf, embedded) is { } problem) return SignatureCheck.Refused(problem);
        var agency = DevPki.AgencyCodeOf(leaf);
        if (agency != expectedAgency)
            return SignatureCheck.Refused($"The message is signed by {agency ?? "a certificate without a CN"}, but the caller is {expectedAgency}.");
        return SignatureCheck.Valid(agency);
    }

    /// <summary>Why <paramref name="leaf"/> is not a trusted, current, unrevoked agency client certificate; null when it is.</summary>
    public string? TrustProblem(X509Certificate2 leaf, IEnumerable<Org.BouncyCastle.X509.X509Certificate>? pool = null)
    {
        // A chain's application policy passes a certificate with no extended key usage at all, as good for anything: an
        // agency's certificate must say it is for client authentication.
        if (!leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuth)))
            return "The certificate does not name client authentication among its extended key usages: it is no agency's client certificate.";
        var now = time.GetUtcNow();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuth));
        var extra = (pool ?? []).Select(c => X509CertificateLoader.LoadCertificate(c.GetEncoded())).ToList();
        chain.ChainPolicy.ExtraStore.AddRange(extra.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        try
        {
            if (!chain.Build(leaf))
                return "The signer certificate is not trusted: "
                    + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("no chain"));
            var path = chain.ChainElements.Select(e => e.Certificate).ToList();
            if (!anchors.Any(a => a.RawData.AsSpan().SequenceEqual(path[^1].RawData)))
                return "The signer certificate does not chain to a configured trust anchor.";
            // Every certificate below the anchor must be covered by a current CRL of its issuer and not be listed in it.
            var current = crls.Current();
            for (var i = 0; i < path.Count - 1; i++)
            {
                var issuer = Org.BouncyCastle.Security.DotNetUtilities.FromX509Certificate(path[i + 1]);
                var subject = Org.BouncyCastle.Security.DotNetUtilities.FromX509Certificate(path[i]);
                var usable = current.Where(c => c.IssuerDN.Equivalent(issuer.SubjectDN) && (c.NextUpdate is null || c.NextUpdate.Value >= now.UtcDateTime)
                                             && Verifies(c, issuer)).ToList();
                if (usable.Count == 0) return $"No current CRL of '{issuer.SubjectDN}' to check '{subject.SubjectDN}'.";
                if (usable.Any(c => c.IsRevoked(subject))) return $"The certificate '{subject.SubjectDN}' is revoked.";
            }
            return null;
        }
        finally
        {
            foreach (var c in extra) c.Dispose();
        }
    }

    static bool Verifies(BcCrl crl, Org.BouncyCastle.X509.X509Certificate issuer)
    {
        try
        {
            crl.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException
                                      or Org.BouncyCastle.Crypto.CryptoException or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>
/// Runs on every agency POST after authorisation and model binding: reads the buffered raw body, checks X-Signature
/// when present (mandatory with <c>Exchange:RequireSignatures</c>) and hands the message on as an
/// <see cref="AgencyMessage"/> feature for the writers, which keep it as evidence. A refusal writes nothing.
/// </summary>
public sealed class AgencyMessageFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = http.RequestServices.GetRequiredService<AgencySignatureSettings>();
        var request = http.Request;
        if (request.ContentLength > settings.MaxMessageBytes) return TooLarge(settings);
        if (!request.Body.CanSeek) request.EnableBuffering();
        request.Body.Position = 0;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > settings.MaxMessageBytes) return TooLarge(settings);
            buffer.Write(chunk, 0, read);
        }
        request.Body.Position = 0;
        var body = buffer.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(body));

        var header = request.Headers[AgencySignatureSettings.Header].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            if (settings.RequireSignatures)
                return Problem(StatusCodes.Status401Unauthorized, "Every agency message carries X-Signature: a detached CMS signature over the body.");
            http.Features.Set(new AgencyMessage(body, sha, null, null));
            return await next(context);
        }

        var agency = http.User.Agency();
        if (string.IsNullOrEmpty(agency)) return Problems.Forbidden("An agency token carries an agency claim.");
        var check = http.RequestServices.GetRequiredService<AgencySignatureVerifier>().Verify(body, header, agency);
        if (check.Problem is { } problem) return Problem(check.Status, problem);
        http.Features.Set(new AgencyMessage(body, sha, header.Trim(), check.Agency));
        return await next(context);
    }

    static IResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status,
        title: status == 400 ? "Malformed signature." : "Signature refused.",
        type: status == 400 ? ProblemTypes.BadRequest + ":malformed-signature" : ProblemTypes.Unauthorized + ":bad-signature");

    static IResult TooLarge(AgencySignatureSettings settings) => TypedResults.Problem(
        $"An agency message is at most {settings.MaxMessageBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Payload too large.", type: ProblemTypes.PayloadTooLarge);
}

public static class AgencySignatureSetup
{
    /// <summary>Signature settings, the verifier (lazy: only built when a signature arrives) and the receipt signer.</summary>
    public static WebApplicationBuilder AddAgencySignatures(this WebApplicationBuilder builder)
    {
        var settings = new AgencySignatureSettings
        {
            RequireSignatures = builder.Configuration.GetValue<bool?>("Exchange:RequireSignatures") ?? !builder.Environment.IsDevelopment(),
            MaxMessageBytes = builder.Configuration.GetValue<int?>("Exchange:MaxMessageBytes") ?? 4 * 1024 * 1024,
        };
        // Agencies' own roots, not Trust:AnchorsPath: the roots a verifier accepts for PDFs may issue certificates to anyone,
        // and a certificate under them with CN=TAND-DNA must not make its holder a court.
        var anchors = builder.Configuration["Exchange:AgencyAnchorsPath"];
        TrustOptions? trust = string.IsNullOrWhiteSpace(anchors) ? null : new TrustOptions { AnchorsPath = anchors };
        // Their CRLs too: every certificate below an agency root must be covered by a current one (Signing:CrlPaths are the
        // CRLs embedded in certificates, of another CA).
        var crls = builder.Configuration.GetSection("Exchange:AgencyCrlPaths").Get<string[]>();
        var intermediates = builder.Configuration["Exchange:AgencyIntermediatesPath"];
        if (trust is null && DevelopmentFiles.Find(builder.Environment, "certs-dev") is { } certsDev)
        {
            trust = DevPkiDefaults.Trust(certsDev);
            crls ??= [.. DevPkiDefaults.Signing(certsDev).CrlPaths];
            intermediates ??= Path.Combine(certsDev, DevPkiFiles.IssuingCaCertificate);
        }
        // Where agencies must prove who they are, their roots and CRLs are needed from the start: missing, the service would
        // start healthy and then refuse every signed message or client certificate, one request at a time.
        if ((settings.RequireSignatures || builder.Configuration.GetValue<bool>($"{MutualTlsOptions.Section}:Enabled"))
            && (trust is null || crls is not { Length: > 0 }))
            throw new InvalidOperationException(
                "Exchange:AgencyAnchorsPath and Exchange:AgencyCrlPaths are not configured, and agencies must sign their messages "
                + "(Exchange:RequireSignatures) or log in with a client certificate (Auth:MutualTls:Enabled): give the roots of the CA "
                + "that issues agencies' certificates and its CRLs.");
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(provider => AgencySignatureVerifier.FromOptions(
            trust ?? throw new InvalidOperationException(
                "Exchange:AgencyAnchorsPath is not configured (PEM roots of the CA that issues agencies' client certificates)."),
            intermediates, crls ?? [], provider.GetRequiredService<TimeProvider>()));
        var receiptKey = builder.Configuration["Exchange:ReceiptSigningKeyPath"]
                         ?? DevelopmentFiles.Find(builder.Environment, Path.Combine("certs-dev", DevPkiFiles.ReceiptSigningKey));
        builder.Services.AddSingleton(_ => ReceiptSigner.Load(receiptKey
            ?? throw new InvalidOperationException("Exchange:ReceiptSigningKeyPath is not configured (a PEM EC P-256 key that signs receipts).")));
        builder.Services.AddReadinessOf<ReceiptSigner>("The receipt key (Exchange:ReceiptSigningKeyPath)");
        return builder;
    }

    /// <summary>
    /// Agency POSTs are read twice (binding, then the signature check): buffer them. That is every exchange POST, and a
    /// request for a certificate filed by a procedural agency (<see cref="FilesAsAgency"/>).
    /// </summary>
    public static IApplicationBuilder UseAgencyMessageBuffering(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method)
            && (request.Path.StartsWithSegments("/api/v1/exchange")
                || request.Path.Value?.TrimEnd('/') == ApplicationsPath && FilesAsAgency(http.User)))
            request.EnableBuffering();
        return next(http);
    });

    const string ApplicationsPath = "/api/v1/applications";

    /// <summary>Whether the caller files as a procedural agency: a court or police token that is not a clerk's at the counter.</summary>
    public static bool FilesAsAgency(ClaimsPrincipal user) =>
        (user.IsInRole(Roles.Court) || user.IsInRole(Roles.Police)) && !user.IsInRole(Roles.Clerk);

    public static TBuilder RequireAgencyMessage<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AgencyMessageFilter>().WithMetadata(new RequiredHeader(ExchangeWriter.IdempotencyHeader));

    /// <summary>The agency-message check for an endpoint that agencies share with others: it applies to agency callers only.</summary>
    public static TBuilder RequireAgencyMessageFromAgencies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        var filter = new AgencyMessageFilter();
        return builder.AddEndpointFilter(async (context, next) =>
            FilesAsAgency(context.HttpContext.User) ? await filter.InvokeAsync(context, next) : await next(context));
    }
}

/// <summary>
/// The agency CAs' CRL files, read again when one of them changes on disk (checked at most every
/// <see cref="RecheckEvery"/>): a CA publishing a revocation, or its next CRL before nextUpdate, is followed without a
/// restart. A file caught half-written keeps the CRLs read before until it parses.
/// </summary>
public sealed class CrlFiles(IReadOnlyList<string> paths, TimeProvider time)
{
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(30);

    sealed record Read(DateTimeOffset CheckedAt, DateTime[] Written, IReadOnlyList<BcCrl> Crls);

    readonly Lock gate = new();
    volatile Read? last;

    public IReadOnlyList<BcCrl> Current()
    {
        var now = time.GetUtcNow();
        if (last is { } fresh && now - fresh.CheckedAt < RecheckEvery) return fresh.Crls;
        lock (gate)
        {
            var written = paths.Select(File.GetLastWriteTimeUtc).ToArray();
            if (last is { } known && known.Written.SequenceEqual(written))
            {
                last = known with { CheckedAt = now };
                return known.Crls;
            }
            try
            {
                var parser = new BcCrlParser();
                last = new Read(now, written, [.. paths.Select(p => parser.ReadCrl(File.ReadAllBytes(p)) ?? throw new IOException($"{p} holds no CRL."))]);
            }
            catch (Exception e) when (last is not null && e is IOException or Org.BouncyCastle.Security.Certificates.CrlException or ArgumentException)
            {
                // Being replaced right now: the CRLs read before stand, and the next check reads the files again.
            }
            return last!.Crls;
        }
    }
}
