using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.AgencyRequests;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Tests.Exchange;

/// <summary>Development defaults: X-Signature is optional, but when present it must be right.</summary>
public sealed class SignedMessageTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const string Judgments = "/api/v1/exchange/judgments";
    static readonly DateOnly Born = new(1984, 7, 2);
    readonly Agencies _agencies = new(api);

    HttpClient Court => api.ClientAs("court", Agencies.Court);

    static (string Id, string Body) NewJudgment()
    {
        var id = Agencies.PersonalId(Born);
        return (id, Agencies.Judgment(id, Born, new DateOnly(2021, 3, 8)).ToJsonString());
    }

    [Fact]
    public async Task a_signed_judgment_is_accepted_with_a_verifiable_receipt_and_kept_as_evidence()
    {
        var (id, body) = NewJudgment();
        var signature = AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), "client-tand-dna.p12");

        var response = await AgencySigning.Post(Court, Judgments, body, "signed-1", signature);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var receipt = response.Headers.GetValues("X-Receipt").Single();
        var claims = await VerifyReceipt(receipt);
        Assert.Equal(AgencySigning.Sha256(body), claims.GetProperty("requestSha256").GetString());
        Assert.Equal(Agencies.Court, claims.GetProperty("agency").GetString());
        Assert.True(claims.GetProperty("sequence").GetInt64() > 0);
        var receivedAt = DateTimeOffset.Parse(claims.GetProperty("receivedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(receivedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        var replay = await AgencySigning.Post(Court, Judgments, body, "signed-1", signature);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(receipt, replay.Headers.GetValues("X-Receipt").Single());

        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var evidence = await session.LoadAsync<AgencyMessageEvidence>(IdempotencyRecord.IdFor(Agencies.Court, "signed-1"));
        Assert.NotNull(evidence);
        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(evidence.Body));
        Assert.Equal(signature, evidence.Signature);
        Assert.Equal(1, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task receipt_numbers_drawn_together_increase_across_a_change_in_their_count_of_digits()
    {
        // The counter is moved forward (never back) to just below the next power of ten: as text, 100000 sorts before 99999.
        await using var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var sequence = $"jr.{ReceiptSigner.SequenceName}";
        await session.AdvancedSql.QueryAsync<long>(
            $"select setval('{sequence}', (10 ^ length((select last_value from {sequence})::text))::bigint - 3)", CancellationToken.None);

        var drawn = (await session.AdvancedSql.QueryAsync<string>(ReceiptSigner.NextSequencesSql(6), CancellationToken.None)).Select(long.Parse).ToList();

        Assert.Equal(6, drawn.Count);
        Assert.Equal(drawn.Order(), drawn);
        Assert.True(drawn[^1].ToString().Length > drawn[0].ToString().Length, string.Join(", ", drawn));
    }

    [Fact]
    public async Task receipts_of_one_agency_carry_increasing_sequence_numbers()
    {
        var (_, first) = NewJudgment();
        var (_, second) = NewJudgment();
        var a = await Agencies_Post(first, "seq-a");
        var b = await Agencies_Post(second, "seq-b");
        Assert.True((await VerifyReceipt(b)).GetProperty("sequence").GetInt64() > (await VerifyReceipt(a)).GetProperty("sequence").GetInt64());

        async Task<string> Agencies_Post(string body, string key)
        {
            var response = await AgencySigning.Post(Court, Judgments, body, key, null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return response.Headers.GetValues("X-Receipt").Single();
        }
    }

    [Fact]
    public async Task a_tampered_body_is_refused_and_writes_nothing()
    {
        var (id, body) = NewJudgment();
        var signature = AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), "client-tand-dna.p12");
        var tampered = body.Replace("\"months\":24", "\"months\":2");
        Assert.NotEqual(body, tampered);

        var response = await AgencySigning.Post(Court, Judgments, tampered, "tampered-1", signature);

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains("X-Receipt"));
        Assert.Equal(0, await _agencies.HistoryCount(id));
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Null(await session.LoadAsync<IdempotencyRecord>(IdempotencyRecord.IdFor(Agencies.Court, "tampered-1")));
        Assert.Null(await session.LoadAsync<AgencyMessageEvidence>(IdempotencyRecord.IdFor(Agencies.Court, "tampered-1")));

        // The key is still free: the genuine message goes through.
        var genuine = await AgencySigning.Post(Court, Judgments, body, "tampered-1", signature);
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
    }

    [Theory]
    [InlineData("client-ca-dna.p12")] // another agency's certificate
    [InlineData("untrusted-signer.p12")] // a certificate from a root nobody trusts
    [InlineData("revoked-signer.p12")] // revoked in issuing-ca.crl
    [InlineData("seal.p12")] // trusted, but not a client (no clientAuth EKU)
    public async Task a_signature_by_anyone_but_the_calling_agency_is_refused(string p12)
    {
        var (id, body) = NewJudgment();
        var signature = AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), p12);

        var response = await AgencySigning.Post(Court, Judgments, body, "wrong-signer-" + p12, signature);

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_signature_with_a_weak_digest_is_a_bad_request()
    {
        var (id, body) = NewJudgment();
        var signature = AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), "client-tand-dna.p12", Org.BouncyCastle.Cms.CmsSignedGenerator.DigestSha1);

        var response = await AgencySigning.Post(Court, Judgments, body, "sha1", signature);

        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_signing_time_outside_the_signer_s_certificate_is_refused_not_a_500()
    {
        var (id, body) = NewJudgment();
        var signature = AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), "client-tand-dna.p12",
            signingTime: new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var response = await AgencySigning.Post(Court, Judgments, body, "stale-time", signature);

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAECAwQ=")]
    public async Task a_malformed_signature_is_a_bad_request(string signature)
    {
        var (id, body) = NewJudgment();
        var response = await AgencySigning.Post(Court, Judgments, body, "malformed-" + signature.Length, signature);
        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _agencies.HistoryCount(id));
    }

    [Fact]
    public async Task a_police_push_signed_by_the_police_is_accepted_and_checked_against_the_police_token()
    {
        var (id, body) = NewJudgment();
        var created = await AgencySigning.Post(Court, Judgments, body, "police-base", null);
        var convictionId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("convictionId").GetGuid();
        var release = JsonSerializer.Serialize(new
        {
            personalId = id, convictionId, type = "principalPenaltyCompleted", effectiveDate = "2023-03-08",
            documentNumber = "12/GCN", documentDate = "2023-03-08",
        });
        var police = api.ClientAs("police", Agencies.Police);

        var byCourtKey = await AgencySigning.Post(police, "/api/v1/exchange/sentence-events", release, "police-1",
            AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(release), "client-tand-dna.p12"));
        await byCourtKey.AssertProblem(HttpStatusCode.Unauthorized);
        var byPolice = await AgencySigning.Post(police, "/api/v1/exchange/sentence-events", release, "police-1",
            AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(release), "client-ca-dna.p12"));
        Assert.True(byPolice.StatusCode == HttpStatusCode.Created, await byPolice.Content.ReadAsStringAsync());
        Assert.True(byPolice.Headers.Contains("X-Receipt"));
    }

    [Theory]
    [InlineData("brainpoolP256r1")]
    [InlineData("nistP384")]
    public void a_receipt_key_on_any_curve_but_p256_is_refused(string curveName)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jr-receipt-key-{Guid.NewGuid():N}.pem");
        using (var other = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName)))
            File.WriteAllText(path, other.ExportPkcs8PrivateKeyPem());
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() => ReceiptSigner.Load(path));
            Assert.Contains("P-256", refused.Message);
            Assert.NotNull(ReceiptSigner.Load(TestKeys.RepositoryFile("certs-dev/receipt-signing-key.pem")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // One key object for the run: IdentityModel caches verifiers by key thumbprint, so a disposed key would be found again.
    static readonly Lazy<ECDsaSecurityKey> ReceiptKey = new(() =>
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(TestKeys.RepositoryFile("certs-dev/receipt-signing-key.pub.pem")));
        return new ECDsaSecurityKey(ecdsa);
    });

    internal static async Task<JsonElement> VerifyReceipt(string receipt)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            IssuerSigningKey = ReceiptKey.Value,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateIssuer = false, ValidateAudience = false, ValidateLifetime = false, RequireExpirationTime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("jr-receipt+jwt", token.Typ);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal(KeyIds.Of(ReceiptKey.Value.ECDsa), token.Kid);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement;
    }
}

public sealed class RequiredSignaturesApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Exchange:RequireSignatures", "true");
    }
}

public sealed class RequiredSignatureTests(RequiredSignaturesApiFactory api) : IClassFixture<RequiredSignaturesApiFactory>
{
    [Fact]
    public async Task without_a_signature_an_agency_message_is_refused_and_with_one_it_is_accepted()
    {
        var born = new DateOnly(1990, 1, 1);
        var id = Agencies.PersonalId(born);
        var body = Agencies.Judgment(id, born, new DateOnly(2021, 3, 8)).ToJsonString();
        var court = api.ClientAs("court", Agencies.Court);

        var unsigned = await AgencySigning.Post(court, "/api/v1/exchange/judgments", body, "required-1", null);
        await unsigned.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await new Agencies(api).HistoryCount(id));

        var signed = await AgencySigning.Post(court, "/api/v1/exchange/judgments", body, "required-1",
            AgencySigning.Sign(System.Text.Encoding.UTF8.GetBytes(body), "client-tand-dna.p12"));
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        await SignedMessageTests.VerifyReceipt(signed.Headers.GetValues("X-Receipt").Single());
    }

    [Fact]
    public async Task a_court_s_unsigned_request_for_a_certificate_is_refused_while_an_applicant_needs_no_signature()
    {
        var born = new DateOnly(1990, 1, 1);
        var subject = new JsonObject
        {
            ["personalId"] = Agencies.PersonalId(born), ["fullName"] = "Trần Văn Bình", ["dateOfBirth"] = "1990-01-01", ["sex"] = "male",
            ["nationality"] = "Việt Nam",
        };
        var body = new JsonObject
        {
            ["formType"] = 2, ["subject"] = subject, ["purpose"] = "Giải quyết vụ án", ["copies"] = 1, ["feeCategory"] = "standard",
            ["delivery"] = new JsonObject { ["method"] = "electronic" },
            ["requestingAgency"] = new JsonObject
            {
                ["code"] = Agencies.Court, ["kind"] = "court", ["documentNumber"] = "14/CV-TA", ["documentDate"] = "2026-01-05",
            },
        };

        var unsigned = await AgencySigning.Post(api.ClientAs("court", Agencies.Court), "/api/v1/applications", body.ToJsonString(), "apply-1", null);

        await unsigned.AssertProblem(HttpStatusCode.Unauthorized);
        // The applicant's own request is no agency message: whatever else is wrong with it, no signature is asked for.
        var own = await api.ClientAs("applicant", subject: Agencies.PersonalId(born)).PostAsJsonAsync("/api/v1/applications", new JsonObject
        {
            ["formType"] = 1, ["applicant"] = subject.DeepClone(), ["purpose"] = "Xin việc", ["copies"] = 1, ["feeCategory"] = "standard",
            ["delivery"] = new JsonObject { ["method"] = "electronic" },
        });
        Assert.NotEqual(HttpStatusCode.Unauthorized, own.StatusCode);
    }
}
