using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Concurrency;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>
/// The stored outcome of an agency message, keyed by agency and Idempotency-Key. It is inserted in the
/// same transaction as the events it produced, so its primary key decides which of two racing
/// deliveries wins. Only accepted messages are stored: a rejection writes nothing.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Id { get; set; } = "";

    public string Agency { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 (hex) of the method, path and request body as read (re-serialised canonically).</summary>
    public string RequestHash { get; set; } = "";

    public int StatusCode { get; set; }

    public string ResponseBody { get; set; } = "";

    public string? Location { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The signed receipt (compact JWS) given for the message; a replay answers with it again.</summary>
    public string? Receipt { get; set; }

    /// <summary>The version the first answer's ETag named, which a replay carries again (api.md: the same answer).</summary>
    public long? Version { get; set; }

    // A tab cannot occur in a key (printable ASCII) and does not occur in agency codes.
    public static string IdFor(string agency, string key) => agency + "\t" + key;
}

/// <summary>What a pure decision made of a message: events to append and the answer, or a rejection.</summary>
public sealed record Decision<T>(IReadOnlyList<object> Events, T? Response, ValidationProblem? Invalid, ProblemHttpResult? Problem)
{
    public static Decision<T> Accept(T response, params object[] events) => new(events, response, null, null);

    public static implicit operator Decision<T>(ValidationProblem invalid) => new([], default, invalid, null);

    public static implicit operator Decision<T>(ProblemHttpResult problem) => new([], default, null, problem);
}

/// <summary>What one attempt at an agency message found: the key's stored outcome (a replay), or a decision made against fresh state.</summary>
public readonly record struct Attempt<T>(IdempotencyRecord? Stored, Decision<T>? Decision)
{
    public static implicit operator Attempt<T>(IdempotencyRecord stored) => new(stored, null);

    public static implicit operator Attempt<T>(Decision<T> decision) => new(null, decision);
}

/// <summary>
/// Appends what an agency sent to the person's stream (or, through <see cref="WriteOnce"/>, writes whatever the
/// message decides), exactly once per Idempotency-Key: the outcome is stored in the same SaveChanges as the events;
/// a replay returns it, a different body under the same key is 409, and races (same key, or two writers on one
/// stream) are retried against fresh state.
/// </summary>
public sealed class ExchangeWriter(
    IDocumentStore store, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, ReceiptSigner receipts, GroupCommit groups)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    const int MaxKeyLength = 128;
    const int Attempts = 10;

    public static ValidationProblem? InvalidKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return Problems.Validation(IdempotencyHeader, "Every agency POST carries an Idempotency-Key header.");
        if (key.Length > MaxKeyLength || key.Any(c => c is < ' ' or > '~'))
            return Problems.Validation(IdempotencyHeader, $"An Idempotency-Key is 1 to {MaxKeyLength} printable ASCII characters.");
        return null;
    }

    /// <summary>
    /// Appends what <paramref name="decide"/> makes of the person's record to their stream, once per key. An If-Match names
    /// the record's version the message was decided on (the ETag of GET /records): a stale one is 412 and writes nothing.
    /// The answer's ETag is the record's version after the append. The push is first offered to a <see cref="GroupCommit"/> with
    /// the pushes of the same moment; what the group does not settle is written here alone, as before grouping.
    /// </summary>
    public async Task<Results<Created<T>, ValidationProblem, ProblemHttpResult>> Write<TRequest, T>(
        HttpContext http,
        string key,
        TRequest request,
        string personalId,
        Func<CriminalRecord?, Decision<T>> decide,
        CancellationToken cancellation)
        where T : class
    {
        var understood = VersionTags.TryExpected(http.Request.Headers[VersionTags.IfMatchHeader], out var expected);
        var where = $"/api/v1/records/{personalId}";
        if (understood)
        {
            // With the pushes of the same moment, in one transaction (GroupCommit); what the group leaves is written alone below.
            var user = http.User;
            var agency = user.Agency()!;
            var hash = Hash(http.Request, request);
            var path = http.Request.Path.Value ?? "";
            var outcome = await groups.SubmitAsync(new GroupPush(personalId, IdempotencyRecord.IdFor(agency, key), agency, key, path, expected,
                AgencyMessage.Of(http), Provenance(user, http.TraceIdentifier),
                record =>
                {
                    var decision = decide(record);
                    return new Decision<object>(decision.Events, decision.Response, decision.Invalid, decision.Problem);
                },
                (response, now, receipt, version) => Accepted(agency, key, hash, (T)response, where, now, receipt, version)));
            switch (outcome.Is)
            {
                case GroupOutcome.Kind.Replay:
                    return Replay<T>(http, outcome.Stored!, hash);
                case GroupOutcome.Kind.Stale:
                    return StaleVersion();
                case GroupOutcome.Kind.Rejected when outcome.Rejection!.Invalid is { } invalid:
                    return invalid;
                case GroupOutcome.Kind.Rejected:
                    return outcome.Rejection!.Problem!;
                case GroupOutcome.Kind.Committed:
                    ReceiptSigner.Attach(http, outcome.Receipt);
                    http.Response.Headers.ETag = VersionTags.Of(outcome.Version);
                    return TypedResults.Created(where, (T)outcome.Response!);
            }
        }

        long? version = null;
        return await WriteOnce<TRequest, T>(http, key, request, _ => where, async (session, id) =>
        {
            version = null; // a round lost to a race decided nothing
            // Read the stream before the stored outcome: the winner of a race commits both at once, so
            // either its outcome is visible below or our append conflicts with its events and we retry.
            // The other order could see its conviction without its outcome and answer "duplicate".
            // Both reads in one round trip, in this order.
            var batch = session.CreateBatchQuery();
            var fetching = batch.Events.FetchForWriting<CriminalRecord>(personalId);
            var loading = batch.Load<IdempotencyRecord>(id);
            await batch.Execute(cancellation);
            var stream = await fetching;
            if (await loading is { } stored) return stored;

            // After the replay: a retry of an accepted message answers its first 201, whatever If-Match it carries.
            if (!understood || (expected is { } named && named != stream.CurrentVersion)) return new Decision<T>([], default, null, StaleVersion());
            var record = await session.RecordOfAsync(stream, personalId, cancellation);
            var decision = decide(record);
            if (decision.Invalid is null && decision.Problem is null)
            {
                version = stream.CurrentVersion + decision.Events.Count;
                session.AppendRecord(stream, personalId, record, decision.Events);
            }
            return decision;
        }, cancellation, () => version);
    }

    static ProblemHttpResult StaleVersion() => Problems.PreconditionFailed(
        "The record has changed since the If-Match version was read: read it again and decide on what it is now.");

    /// <summary>
    /// The idempotency machinery for any agency message: <paramref name="attempt"/> loads the key's stored outcome
    /// (with the record's id it is given) or decides and stages its writes in the session; an accepted decision is
    /// committed with its evidence, receipt and outcome in one SaveChanges and answered 201 at
    /// <paramref name="location"/>, with the ETag of <paramref name="versionAfter"/> when it names one. A race (same key, or
    /// the same state changed meanwhile) is decided again.
    /// </summary>
    public async Task<Results<Created<T>, ValidationProblem, ProblemHttpResult>> WriteOnce<TRequest, T>(
        HttpContext http,
        string key,
        TRequest request,
        Func<T, string> location,
        Func<IDocumentSession, string, Task<Attempt<T>>> attempt,
        CancellationToken cancellation,
        Func<long?>? versionAfter = null)
        where T : class
    {
        var user = http.User;
        var agency = user.Agency()!;
        var id = IdempotencyRecord.IdFor(agency, key);
        var hash = Hash(http.Request, request);

        for (var round = 1; ; round++)
        {
            await using var session = store.LightweightSession();
            Stamp(session, user, http.TraceIdentifier, id);
            var outcome = await attempt(session, id);
            if (outcome.Stored is { } stored)
                return Replay<T>(http, stored, hash);
            var decision = outcome.Decision!;
            if (decision.Invalid is { } invalid) return invalid;
            if (decision.Problem is { } problem) return problem;

            var where = location(decision.Response!);
            var now = time.GetUtcNow();
            string? receipt = null;
            if (AgencyMessage.Of(http) is { } message)
            {
                receipt = await receipts.IssueAsync(session, agency, key, http.Request.Path, message.Sha256, now, cancellation);
                session.Store(Evidence(id, agency, http.Request.Path, message, now));
            }
            var version = versionAfter?.Invoke();
            session.Insert(Accepted(agency, key, hash, decision.Response, where, now, receipt, version));

            try
            {
                await session.SaveChangesAsync(cancellation);
                ReceiptSigner.Attach(http, receipt);
                if (version is { } after) http.Response.Headers.ETag = VersionTags.Of(after);
                return TypedResults.Created(where, decision.Response);
            }
            catch (Exception e) when (Races.Lost(e))
            {
                // Another delivery of this key, or another message for the same state, committed first:
                // decide again against what is stored now.
                if (round >= Attempts) return Problems.RacesLost();
            }
        }
    }

    /// <summary>The stored outcome of an accepted (201) agency POST, to insert in the transaction that applies it.</summary>
    public IdempotencyRecord Accepted<T>(
        string agency, string key, string hash, T response, string location, DateTimeOffset now, string? receipt = null, long? version = null) => new()
    {
        Id = IdempotencyRecord.IdFor(agency, key), Agency = agency, Key = key, RequestHash = hash,
        StatusCode = StatusCodes.Status201Created, ResponseBody = JsonSerializer.Serialize(response, json.Value.SerializerOptions),
        Location = location, RecordedAt = now, Receipt = receipt, Version = version,
    };

    /// <summary>The first answer to this key again, or 409 when the key came with another request.</summary>
    public Results<Created<T>, ValidationProblem, ProblemHttpResult> Replay<T>(HttpContext http, IdempotencyRecord stored, string hash) where T : class
    {
        if (stored.RequestHash != hash)
            return Problems.Conflict(
                $"The Idempotency-Key was already used at {stored.RecordedAt:O} with a different request.",
                ProblemTypes.IdempotencyConflict);
        var response = JsonSerializer.Deserialize<T>(stored.ResponseBody, json.Value.SerializerOptions)!;
        ReceiptSigner.Attach(http, stored.Receipt);
        if (stored.Version is { } version) http.Response.Headers.ETag = VersionTags.Of(version);
        return TypedResults.Created(stored.Location, response);
    }

    /// <summary>The message as received, kept as evidence under its idempotency id.</summary>
    public static AgencyRequests.AgencyMessageEvidence Evidence(string id, string agency, string path, AgencyMessage message, DateTimeOffset now) => new()
    {
        Id = id, Agency = agency, Path = path, Body = message.Body, Sha256 = message.Sha256, Signature = message.Signature, ReceivedAt = now,
    };

    /// <summary>Who sent the message, kept with each event as Marten metadata; no personal data of the subject.</summary>
    static Provenance Provenance(ClaimsPrincipal user, string traceId) => new(traceId,
    [
        ("role", user.FindFirst("role")?.Value ?? ""),
        ("agency", user.Agency() ?? ""),
        .. user.Subject() is { } subject ? [("sub", subject)] : Array.Empty<(string, string)>(),
    ]);

    static void Stamp(IDocumentSession session, ClaimsPrincipal user, string traceId, string messageId)
    {
        foreach (var (name, value) in Provenance(user, traceId).Headers) session.SetHeader(name, value);
        session.CorrelationId = traceId;
        session.CausationId = messageId;
    }

    /// <summary>SHA-256 (hex) of the method, path and request as read, re-serialised canonically.</summary>
    public string Hash<TRequest>(HttpRequest http, TRequest request)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, json.Value.SerializerOptions);
        var head = Encoding.UTF8.GetBytes($"{http.Method} {http.Path}\n");
        return Convert.ToHexStringLower(SHA256.HashData([.. head, .. body]));
    }
}
