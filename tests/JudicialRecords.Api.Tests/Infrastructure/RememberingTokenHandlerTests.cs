using System.Net;
using System.Net.Http.Headers;
using JudicialRecords.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Tests.Infrastructure;

public sealed class RememberingTokenHandlerTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static readonly AuthOptions Options = new();
    static readonly RsaSecurityKey Key = TokenIssuer.LoadKey(TestKeys.JwtSigningKeyPath);

    static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Options.Issuer, ValidAudience = Options.Audience, IssuerSigningKey = Key, RoleClaimType = "role",
        ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task a_token_sent_again_is_not_checked_in_full_again_and_each_request_gets_its_own_identity()
    {
        var handler = new RememberingTokenHandler();
        var token = new TokenIssuer(Key, Options, TimeProvider.System).Issue("clerk", subject: "can-bo-01");

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var again = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(again.IsValid);
        Assert.Equal(1, handler.FullChecks);
        Assert.Equal("clerk", again.ClaimsIdentity.FindFirst("role")?.Value);
        Assert.Equal("can-bo-01", again.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, again.ClaimsIdentity);
    }

    [Fact]
    public async Task a_token_signed_with_the_service_key_under_another_algorithm_is_refused()
    {
        var issuer = new TokenIssuer(Key, Options, TimeProvider.System);
        var now = DateTime.UtcNow;
        var pss = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Options.Issuer, Audience = Options.Audience, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("role", "admin")]),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSsaPssSha256),
        });
        using var client = api.CreateClient();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pss);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/applications")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue("clerk", subject: "algorithm-test")); // a token of its own: the cache is shared
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/applications")).StatusCode);
    }

    [Fact]
    public async Task a_remembered_token_is_refused_once_it_has_expired()
    {
        var handler = new RememberingTokenHandler();
        var token = new TokenIssuer(Key, new AuthOptions { TokenLifetime = TimeSpan.FromSeconds(6) }, TimeProvider.System).Issue("clerk");
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        await Task.Delay(TimeSpan.FromSeconds(7)); // exp is in whole seconds: the token lives 5 to 6 s
        var expired = await handler.ValidateTokenAsync(token, Parameters());

        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(expired.Exception);
    }

    [Fact]
    public async Task a_token_with_another_signature_is_checked_in_full_and_refused_though_the_genuine_one_is_remembered()
    {
        var handler = new RememberingTokenHandler();
        var token = new TokenIssuer(Key, Options, TimeProvider.System).Issue("clerk");
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var forged = token[..token.LastIndexOf('.')] + "." + Base64UrlEncoder.Encode(new byte[256]);
        var result = await handler.ValidateTokenAsync(forged, Parameters());

        Assert.False(result.IsValid);
        Assert.Equal(2, handler.FullChecks);
    }

    [Fact]
    public async Task the_service_checks_a_client_token_in_full_once_and_still_refuses_a_forged_one()
    {
        var handler = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme)
            .TokenHandlers.OfType<RememberingTokenHandler>().Single();
        var token = api.Token("clerk");
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var before = handler.FullChecks;
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            answers.Add((await client.GetAsync("/api/v1/applications?status=submitted")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
        var forged = await client.GetAsync("/api/v1/applications?status=submitted");

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(before + 2, handler.FullChecks);
    }
}
