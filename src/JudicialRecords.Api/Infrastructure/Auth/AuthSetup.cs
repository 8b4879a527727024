using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.JwtSigningKeyPath ??= DevelopmentFiles.Find(builder.Environment, "certs-dev/jwt-signing-key.pem")
            ?? throw new InvalidOperationException("Auth:JwtSigningKeyPath is not configured (a PEM RSA key that signs bearer tokens).");
        var key = TokenIssuer.LoadKey(options.JwtSigningKeyPath);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenIssuer>();
        var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        authentication
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new RememberingTokenHandler { MapInboundClaims = false });
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = key,
                    RoleClaimType = "role",
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                    // The one algorithm the service signs with: a token is never accepted on the strength of another.
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                };
            });
        builder.AddMutualTls(authentication);
        builder.Services.AddAuthorizationBuilder().AddRolePolicies();
        return builder;
    }

    static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var role in Roles.All)
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        return authorization;
    }

    public static string? Agency(this ClaimsPrincipal user) => user.FindFirstValue(Roles.AgencyClaim);
    public static string? Subject(this ClaimsPrincipal user) => user.FindFirstValue("sub");
}
