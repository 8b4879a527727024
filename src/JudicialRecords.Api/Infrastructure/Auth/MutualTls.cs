using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Documents.Pki;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Net.Http.Headers;

namespace JudicialRecords.Api.Infrastructure.Auth;

/// <summary>
/// Configuration section "Auth:MutualTls": agencies authenticate by client certificate (api.md, production).
/// </summary>
public sealed class MutualTlsOptions
{
    public const string Section = "Auth:MutualTls";

    public bool Enabled { get; set; }

    /// <summary>Agency code (the client certificate's subject CN) → role. Development default: the three certs-dev agencies.</summary>
    public Dictionary<string, string> Agencies { get; set; } = [];
}

/// <summary>
/// With <c>Auth:MutualTls:Enabled</c>, Kestrel asks every HTTPS client for a certificate (AllowCertificate: optional,
/// so browsers and token users still connect) and the "Certificate" scheme turns a client certificate that chains to the
/// agency roots (Exchange:AgencyAnchorsPath, with Exchange:AgencyIntermediatesPath), names the clientAuth EKU, is valid and
/// not revoked (the CRLs of Exchange:AgencyCrlPaths) and whose CN is in the agency map into the claims role and agency (= CN).
/// A request with an Authorization header is still authenticated by its bearer token, except that a token naming an
/// agency role (court, police, enforcement) is refused: an agency is who its certificate says, and a token minted with the
/// service's key must not stand in for one.
/// </summary>
public static class MutualTls
{
    public const string Scheme = CertificateAuthenticationDefaults.AuthenticationScheme;
    const string Selector = "BearerOrCertificate";

    public static WebApplicationBuilder AddMutualTls(this WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var options = builder.Configuration.GetSection(MutualTlsOptions.Section).Get<MutualTlsOptions>() ?? new MutualTlsOptions();
        if (!options.Enabled) return builder;
        if (options.Agencies.Count == 0 && builder.Environment.IsDevelopment())
            options.Agencies = new() { ["TAND-DNA"] = Roles.Court, ["CA-DNA"] = Roles.Police, ["THADS-DNA"] = Roles.Enforcement };
        var map = new Dictionary<string, string>(options.Agencies, StringComparer.Ordinal);
        foreach (var role in map.Values)
            if (!Roles.All.Contains(role)) throw new InvalidOperationException($"Auth:MutualTls:Agencies maps to an unknown role '{role}'.");

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            // The TLS layer takes any certificate; the Certificate scheme decides whether it is an agency's.
            https.ClientCertificateValidation = (_, _, _) => true;
        }));

        authentication
            .AddCertificate(Scheme, certificate =>
            {
                certificate.AllowedCertificateTypes = CertificateTypes.Chained;
                certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                certificate.RevocationMode = X509RevocationMode.NoCheck; // CRLs are checked below, from configured files
                certificate.ValidateCertificateUse = true;
                certificate.Events = new CertificateAuthenticationEvents
                {
                    OnCertificateValidated = context =>
                    {
                        var verifier = context.HttpContext.RequestServices.GetRequiredService<AgencySignatureVerifier>();
                        if (verifier.TrustProblem(context.ClientCertificate) is { } problem)
                        {
                            context.Fail(problem);
                            return Task.CompletedTask;
                        }
                        var agency = DevPki.AgencyCodeOf(context.ClientCertificate);
                        if (agency is null || !map.TryGetValue(agency, out var role))
                        {
                            context.Fail($"No agency is configured for the client certificate '{context.ClientCertificate.Subject}'.");
                            return Task.CompletedTask;
                        }
                        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
                            [new Claim("role", role), new Claim(Roles.AgencyClaim, agency), new Claim("sub", agency)],
                            Scheme, "sub", "role"));
                        context.Success();
                        return Task.CompletedTask;
                    },
                };
            })
            .AddPolicyScheme(Selector, "Bearer token, else client certificate", policy => policy.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(HeaderNames.Authorization) || http.Connection.ClientCertificate is null
                    ? JwtBearerDefaults.AuthenticationScheme
                    : Scheme);
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var validated = jwt.Events?.OnTokenValidated;
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnTokenValidated = async context =>
            {
                if (validated is not null) await validated(context);
                if (Roles.Agencies.Any(role => context.Principal?.IsInRole(role) == true))
                    context.Fail("With mutual TLS, an agency authenticates with its client certificate, not a bearer token.");
            };
        });
        builder.Services.AddOptions<CertificateAuthenticationOptions>(Scheme).Configure<AgencySignatureVerifier>((certificate, verifier) =>
        {
            certificate.CustomTrustStore.AddRange(verifier.Anchors);
            certificate.AdditionalChainCertificates.AddRange(verifier.Intermediates);
        });
        builder.Services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = Selector;
            o.DefaultAuthenticateScheme = Selector;
            o.DefaultChallengeScheme = Selector;
        });
        return builder;
    }
}
