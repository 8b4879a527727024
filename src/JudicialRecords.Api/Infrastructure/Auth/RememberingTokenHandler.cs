using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Infrastructure.Auth;

/// <summary>
/// The bearer-token check of <see cref="JsonWebTokenHandler"/>, remembering the tokens it found valid until they expire.
/// A client sends the same token with every request, and checking its RS256 signature again each time cost about a tenth
/// of the CPU of a record lookup (perf: libcrypto 7.7 % plus the handler's own work). A remembered token is the same
/// string, so its signature, issuer and audience check out as they did; only its lifetime is checked again, by the
/// library's own validator. One instance serves one scheme, whose validation parameters do not change while it runs.
/// </summary>
public sealed class RememberingTokenHandler : JsonWebTokenHandler
{
    /// <summary>Tokens remembered at most; beyond it the least recently used are forgotten (and checked in full again).</summary>
    public const int Capacity = 10_000;

    readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>How many tokens were checked in full (not answered from memory) since start.</summary>
    public long FullChecks => Interlocked.Read(ref _fullChecks);
    long _fullChecks;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out Valid? known))
        {
            try
            {
                Validators.ValidateLifetime(known!.Token.ValidFrom, known.Token.ValidTo, known.Token, validationParameters);
            }
            catch (SecurityTokenException e)
            {
                _valid.Remove(token);
                return new TokenValidationResult { IsValid = false, Exception = e };
            }
            return known.Result();
        }

        Interlocked.Increment(ref _fullChecks);
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
            _valid.Set(token, new Valid(result.SecurityToken, result.ClaimsIdentity.Clone(), result.Issuer, result.TokenType), new MemoryCacheEntryOptions
            {
                Size = 1, AbsoluteExpiration = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc)),
            });
        return result;
    }

    /// <summary>What a full check found; the identity becomes a request's principal, so each request gets its own copy.</summary>
    sealed record Valid(SecurityToken Token, System.Security.Claims.ClaimsIdentity Identity, string Issuer, string TokenType)
    {
        public TokenValidationResult Result() => new()
        {
            IsValid = true, SecurityToken = Token, ClaimsIdentity = Identity.Clone(), Issuer = Issuer, TokenType = TokenType,
        };
    }
}
