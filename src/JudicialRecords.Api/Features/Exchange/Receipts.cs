using System.Security.Cryptography;
using System.Text.Json;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Marten;
using Marten;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>
/// Signed receipts for agency messages: a compact JWS (ES256, P-256 key of its own, <c>Exchange:ReceiptSigningKeyPath</c>;
/// Development: certs-dev/receipt-signing-key.pem, public half receipt-signing-key.pub.pem) over {agency, idempotencyKey,
/// path, requestSha256, receivedAt, sequence}. Every accepted agency message gets one, so its cost is on the push path: with
/// RSA-2048 receipts libcrypto took 19 % of all CPU in the push benchmark, nearly all of it these signatures; with P-256
/// (the stronger key: 128-bit security against 112) it takes 6 %, the rest being bearer-token checks and hashing. Its own
/// key, not the bearer tokens' one: a receipt key and a login key are rotated apart.
/// The sequence comes from the Postgres sequence <c>jr.agency_receipt_seq</c>: increasing for every agency (one
/// counter for all agencies, so gaps are normal). The receipt is stored with the idempotency record, so a replay
/// answers with the same receipt.
/// </summary>
public sealed class ReceiptSigner(ECDsaSecurityKey key)
{
    public const string SequenceName = "agency_receipt_seq";
    public const string Type = "jr-receipt+jwt";

    public async Task<string> IssueAsync(IDocumentSession session, string agency, string idempotencyKey, string path, string requestSha256,
        DateTimeOffset receivedAt, CancellationToken cancellation) =>
        Issue(long.Parse((await session.AdvancedSql.QueryAsync<string>(NextSequencesSql(1), cancellation))[0]),
            agency, idempotencyKey, path, requestSha256, receivedAt);

    /// <summary>
    /// The statement that draws the next <paramref name="count"/> receipt sequence numbers, in increasing order, as text: a batched
    /// query (<see cref="GroupCommit"/>) reads rows of a reference type only. Ordered by the number, not by the output column of the
    /// same name: as text, 100000 sorts before 99999.
    /// </summary>
    public static string NextSequencesSql(int count) =>
        $"select n::text from (select nextval('{MartenSetup.Schema}.{SequenceName}') as n from generate_series(1, {count})) as drawn order by drawn.n";

    public string Issue(long sequence, string agency, string idempotencyKey, string path, string requestSha256, DateTimeOffset receivedAt)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["agency"] = agency,
            ["idempotencyKey"] = idempotencyKey,
            ["path"] = path,
            ["requestSha256"] = requestSha256,
            ["receivedAt"] = receivedAt.ToUniversalTime().ToString("O"),
            ["sequence"] = sequence,
        });
        return new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            new Dictionary<string, object> { ["typ"] = Type });
    }

    /// <summary>The receipt key from a PKCS#8 PEM file (an EC P-256 private key).</summary>
    public static ReceiptSigner Load(string pemPath)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(pemPath));
        // ES256 is ECDSA on P-256 only: another 256-bit curve (brainpoolP256r1, secp256k1) would sign receipts no verifier accepts.
        var curve = ecdsa.ExportParameters(false).Curve.Oid;
        if (curve.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            throw new InvalidOperationException(
                $"{pemPath}: a receipt key is an EC P-256 key (ES256), not one on {curve.FriendlyName ?? curve.Value ?? "an unnamed curve"}.");
        return new ReceiptSigner(new ECDsaSecurityKey(ecdsa) { KeyId = KeyIds.Of(ecdsa) });
    }

    public static void Attach(HttpContext http, string? receipt)
    {
        if (receipt is not null) http.Response.Headers[AgencySignatureSettings.ReceiptHeader] = receipt;
    }
}
