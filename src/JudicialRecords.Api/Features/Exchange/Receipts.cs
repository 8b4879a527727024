using System.Text.Json;
using JudicialRecords.Api.Infrastructure.Marten;
using Marten;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>
/// Signed receipts for agency messages: a compact JWS (RS256, the service's token key, public half
/// certs-dev/jwt-signing-key.pub.pem) over {agency, idempotencyKey, path, requestSha256, receivedAt, sequence}.
/// The sequence comes from the Postgres sequence <c>jr.agency_receipt_seq</c>: increasing for every agency (one
/// counter for all agencies, so gaps are normal). The receipt is stored with the idempotency record, so a replay
/// answers with the same receipt.
/// </summary>
public sealed class ReceiptSigner(RsaSecurityKey key)
{
    public const string SequenceName = "agency_receipt_seq";
    public const string Type = "jr-receipt+jwt";

    public async Task<string> IssueAsync(IDocumentSession session, string agency, string idempotencyKey, string path, string requestSha256,
        DateTimeOffset receivedAt, CancellationToken cancellation)
    {
        var sequence = (await session.AdvancedSql.QueryAsync<long>($"select nextval('{MartenSetup.Schema}.{SequenceName}')", cancellation))[0];
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["agency"] = agency,
            ["idempotencyKey"] = idempotencyKey,
            ["path"] = path,
            ["requestSha256"] = requestSha256,
            ["receivedAt"] = receivedAt.ToUniversalTime().ToString("O"),
            ["sequence"] = sequence,
        });
        return new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { ["typ"] = Type });
    }

    public static void Attach(HttpContext http, string? receipt)
    {
        if (receipt is not null) http.Response.Headers[AgencySignatureSettings.ReceiptHeader] = receipt;
    }
}
