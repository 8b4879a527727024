using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JudicialRecords.Api.Features.AgencyRequests;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.Reconciliation;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.AgencyRequests;

/// <summary>Answers to verification requests carry an X-Signature like the pushes: checked, kept as evidence, receipted.</summary>
public sealed class SignedAnswerTests(AgencyRequestsApiFactory api) : IClassFixture<AgencyRequestsApiFactory>
{
    readonly Exchange3 exchange = new(api);

    /// <summary>A person whose application waits for the police files, and the police request about them.</summary>
    async Task<(Guid ApplicationId, Guid RequestId, string Path)> Asked()
    {
        var person = await exchange.BornIn(1972);
        var applicationId = await exchange.ApplyAndPay(person);
        var requestId = (await Exchange3.RequestFor(exchange.PoliceClient, applicationId)).GetProperty("requestId").GetGuid();
        return (applicationId, requestId, $"/api/v1/exchange/requests/{requestId}/answer");
    }

    static string RecordFound(string judgmentNumber) => new JsonObject
    {
        ["outcome"] = "recordFound", ["documentNumber"] = $"{Guid.NewGuid().ToString("N")[..8]}/CV-PV06", ["documentDate"] = JudicialRecords.Domain.VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"),
        ["convictions"] = new JsonArray(Exchange3.Theft2008(judgmentNumber)),
    }.ToJsonString();

    static string Sign(string body, string p12) => AgencySigning.Sign(Encoding.UTF8.GetBytes(body), p12);

    async Task<(IdempotencyRecord? Outcome, AgencyMessageEvidence? Evidence)> Stored(string key)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var id = IdempotencyRecord.IdFor(Exchange3.Police, key);
        return (await session.LoadAsync<IdempotencyRecord>(id), await session.LoadAsync<AgencyMessageEvidence>(id));
    }

    [Fact]
    public async Task a_correctly_signed_police_answer_is_accepted_kept_as_evidence_and_receipted()
    {
        var (applicationId, requestId, path) = await Asked();
        var body = RecordFound("14/2008/HSST");
        var signature = Sign(body, "client-ca-dna.p12");

        var response = await AgencySigning.Post(exchange.PoliceClient, path, body, "signed-answer-1", signature);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var receipt = response.Headers.GetValues("X-Receipt").Single();
        var claims = await SignedMessageTests.VerifyReceipt(receipt);
        Assert.Equal(AgencySigning.Sha256(body), claims.GetProperty("requestSha256").GetString());
        Assert.Equal(Exchange3.Police, claims.GetProperty("agency").GetString());
        Assert.Equal("signed-answer-1", claims.GetProperty("idempotencyKey").GetString());
        Assert.Equal(path, claims.GetProperty("path").GetString());

        var (outcome, evidence) = await Stored("signed-answer-1");
        Assert.NotNull(outcome);
        Assert.Equal(receipt, outcome.Receipt);
        Assert.NotNull(evidence);
        Assert.Equal(body, Encoding.UTF8.GetString(evidence.Body));
        Assert.Equal(signature, evidence.Signature);
        Assert.Equal(path, evidence.Path);
        // Regression: an answer's evidence once kept the idempotency hash (method, path and body) instead of the body's own.
        Assert.Equal(AgencySigning.Sha256(body), evidence.Sha256);

        Assert.Equal("answered", (await Exchange3.RequestFor(exchange.PoliceClient, applicationId, "answered")).GetProperty("status").GetString());
        // The conviction found entered the record, and the judgment index the reconciliation with the court reads.
        var convictionId = JsonDocument.Parse(text).RootElement.GetProperty("convictionIds").EnumerateArray().Single().GetGuid();
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var row = await session.LoadAsync<JudgmentIndexEntry>(convictionId);
            Assert.NotNull(row);
            Assert.Equal((Exchange3.Court, "14/2008/HSST", Exchange3.Police), (row.Court, row.JudgmentNumber, row.Source));
        }

        var replay = await AgencySigning.Post(exchange.PoliceClient, path, body, "signed-answer-1", signature);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(text, await replay.Content.ReadAsStringAsync());
        Assert.Equal(receipt, replay.Headers.GetValues("X-Receipt").Single());
        Assert.Equal(requestId, JsonDocument.Parse(text).RootElement.GetProperty("requestId").GetGuid());
    }

    [Theory]
    [InlineData("altered body")]
    [InlineData("client-tand-dna.p12")] // the court's certificate on a police answer
    [InlineData("revoked-signer.p12")]
    public async Task an_answer_with_a_bad_signature_is_refused_and_writes_nothing(string fault)
    {
        var (applicationId, _, path) = await Asked();
        var body = RecordFound("15/2008/HSST");
        var key = "bad-signature-" + fault;
        var (sent, signature) = fault == "altered body"
            ? (body.Replace("\"months\":24", "\"months\":12"), Sign(body, "client-ca-dna.p12"))
            : (body, Sign(body, fault));
        Assert.True(fault != "altered body" || sent != body);

        var response = await AgencySigning.Post(exchange.PoliceClient, path, sent, key, signature);

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains("X-Receipt"));
        Assert.Equal("open", (await Exchange3.RequestFor(exchange.PoliceClient, applicationId)).GetProperty("status").GetString());
        Assert.Equal("needsVerification", (await exchange.Desk.Get(applicationId)).GetProperty("status").GetString());
        Assert.Equal((null, null), await Stored(key));

        // The key is still free: the genuine, correctly signed answer goes through with it.
        var genuine = await AgencySigning.Post(exchange.PoliceClient, path, body, key, Sign(body, "client-ca-dna.p12"));
        Assert.True(genuine.StatusCode == HttpStatusCode.OK, await genuine.Content.ReadAsStringAsync());
        Assert.True(genuine.Headers.Contains("X-Receipt"));
    }
}
