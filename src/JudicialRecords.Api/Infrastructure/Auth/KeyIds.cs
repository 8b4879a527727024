using System.Security.Cryptography;

namespace JudicialRecords.Api.Infrastructure.Auth;

/// <summary>The <c>kid</c> the service puts in the JWS it signs (bearer tokens, agency receipts).</summary>
public static class KeyIds
{
    /// <summary>The first 16 hex digits of the SHA-256 of the key's SubjectPublicKeyInfo: the same for a key and its public half.</summary>
    public static string Of(AsymmetricAlgorithm key) => Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
}
