using System.Net.Http.Headers;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;

namespace JudicialRecords.Documents.Signing;

/// <summary>An RFC 3161 time-stamping authority.</summary>
public interface ITimeStampAuthority
{
    /// <summary>Returns the DER TimeStampToken (a CMS ContentInfo) over a SHA-256 message imprint.</summary>
    Task<byte[]> TimeStampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default);
}

/// <summary>The request/response handling shared by the in-process and the HTTP authority.</summary>
internal static class TimeStampProtocol
{
    public static TimeStampRequest CreateRequest(byte[] sha256Digest)
    {
        if (sha256Digest.Length != SHA256.HashSizeInBytes)
            throw new ArgumentException("Expected a SHA-256 digest.", nameof(sha256Digest));
        var generator = new TimeStampRequestGenerator();
        // Ask for the TSA certificate in the token so a verifier needs nothing else to check it.
        generator.SetCertReq(true);
        return generator.Generate(TspAlgorithms.Sha256, sha256Digest, new BigInteger(1, RandomNumberGenerator.GetBytes(8)));
    }

    /// <summary>Checks status, imprint, nonce and the token's own signature binding, then returns the token.</summary>
    public static byte[] ReadToken(TimeStampRequest request, byte[] response)
    {
        var parsed = new TimeStampResponse(response);
        parsed.Validate(request);
        return parsed.TimeStampToken?.GetEncoded()
            ?? throw new TspException("The time-stamping authority refused: " + parsed.GetStatusString());
    }

    /// <summary>
    /// The checks <see cref="TimeStampResponse.Validate"/> makes on a granted token, for a token that
    /// never travelled in a response: nonce, imprint and its algorithm, one signing-certificate attribute.
    /// </summary>
    public static void CheckToken(TimeStampRequest request, TimeStampToken token)
    {
        var info = token.TimeStampInfo;
        if (request.Nonce is { } nonce && !nonce.Equals(info.Nonce))
            throw new TspValidationException("The timestamp token carries the wrong nonce.");
        if (!CryptographicOperations.FixedTimeEquals(request.GetMessageImprintDigest(), info.GetMessageImprintDigest())
            || info.MessageImprintAlgOid != request.MessageImprintAlgOid)
            throw new TspValidationException("The timestamp token is over a different message imprint.");
        var v1 = token.SignedAttributes[PkcsObjectIdentifiers.IdAASigningCertificate];
        var v2 = token.SignedAttributes[PkcsObjectIdentifiers.IdAASigningCertificateV2];
        if ((v1 is null) == (v2 is null))
            throw new TspValidationException("The timestamp token needs exactly one signing-certificate attribute.");
        if (request.ReqPolicy is { } policy && policy != info.Policy)
            throw new TspValidationException("The timestamp token has the wrong policy.");
    }
}

/// <summary>
/// The development TSA, in-process: BouncyCastle's TimeStampResponseGenerator signing with the
/// certs-dev TSA key through the same native signing path as documents.
/// </summary>
public sealed class DevTimeStampAuthority : ITimeStampAuthority
{
    /// <summary>A development policy OID under the X.660 example arc (2.999); no real TSA uses it.</summary>
    public const string DevelopmentPolicyOid = "2.999.704.1";

    private readonly TimeStampTokenGenerator _tokens;
    private readonly TimeStampResponseGenerator _responder;
    private readonly TimeProvider _clock;

    public DevTimeStampAuthority(ISigningKey tsaKey, TimeProvider clock, string policyOid = DevelopmentPolicyOid)
    {
        _clock = clock;
        var chain = tsaKey.CertificateChain.Select(DotNetUtilities.FromX509Certificate).ToList();
        var signerInfo = new SignerInfoGeneratorBuilder().Build(DigestSignatureFactory.For(tsaKey), chain[0]);
        _tokens = new TimeStampTokenGenerator(signerInfo, Asn1DigestFactory.Get(NistObjectIdentifiers.IdSha256),
            new DerObjectIdentifier(policyOid), isIssuerSerialIncluded: true);
        _tokens.SetCertificates(CollectionUtilities.CreateStore(chain));
        _responder = new TimeStampResponseGenerator(_tokens, [TspAlgorithms.Sha256]);
    }

    /// <summary>
    /// In-process, the token is taken straight from the token generator: wrapping it in a DER
    /// TimeStampResp only to parse it back cost as much as the rest of the timestamp. The token is the
    /// same one <see cref="Respond"/> would carry, and it is checked against the request as a client checks a response.
    /// </summary>
    public Task<byte[]> TimeStampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default)
    {
        var request = TimeStampProtocol.CreateRequest(sha256Digest);
        var serial = new BigInteger(1, RandomNumberGenerator.GetBytes(16));
        TimeStampToken token;
        // The generator is not documented as thread-safe and a TSA is shared by concurrent signing jobs.
        lock (_responder)
            token = _tokens.Generate(request, serial, _clock.GetUtcNow().UtcDateTime);
        TimeStampProtocol.CheckToken(request, token);
        return Task.FromResult(token.GetEncoded());
    }

    /// <summary>
    /// Answers a DER TimeStampReq with a DER TimeStampResp, as an RFC 3161 HTTP endpoint would; lets
    /// a development host expose this TSA over HTTP.
    /// </summary>
    public byte[] Respond(byte[] timeStampRequest)
    {
        var request = new TimeStampRequest(timeStampRequest);
        var serial = new BigInteger(1, RandomNumberGenerator.GetBytes(16));
        // The generator is not documented as thread-safe and a TSA is shared by concurrent signing jobs.
        lock (_responder)
            return _responder.Generate(request, serial, _clock.GetUtcNow().UtcDateTime).GetEncoded();
    }
}

/// <summary>A remote RFC 3161 TSA reached over HTTP (RFC 3161 §3.4), for production.</summary>
public sealed class HttpTimeStampAuthority(HttpClient http, Uri url) : ITimeStampAuthority
{
    public async Task<byte[]> TimeStampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default)
    {
        var request = TimeStampProtocol.CreateRequest(sha256Digest);
        using var content = new ByteArrayContent(request.GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return TimeStampProtocol.ReadToken(request, body);
    }
}
