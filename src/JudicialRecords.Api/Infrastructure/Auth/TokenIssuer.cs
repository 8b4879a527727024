using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Infrastructure.Auth;

/// <summary>Mints bearer tokens with the service's signing key (development tokens and `jr token`).</summary>
public sealed class TokenIssuer(RsaSecurityKey key, AuthOptions options, TimeProvider clock)
{
    public string Issue(string role, string? agency = null, string? subject = null)
    {
        var claims = new List<Claim> { new("role", role) };
        if (agency is not null) claims.Add(new Claim(Roles.AgencyClaim, agency));
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            Claims = subject is null ? null : new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.TokenLifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public static RsaSecurityKey LoadKey(string pemPath)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(pemPath));
        return new RsaSecurityKey(rsa) { KeyId = KeyIds.Of(rsa) };
    }
}
