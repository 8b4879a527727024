namespace JudicialRecords.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public string Issuer { get; set; } = "judicialrecords";
    public string Audience { get; set; } = "judicialrecords-api";
    /// <summary>PEM file of the RSA key that signs and checks tokens. Development default: certs-dev/jwt-signing-key.pem.</summary>
    public string? JwtSigningKeyPath { get; set; }
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
