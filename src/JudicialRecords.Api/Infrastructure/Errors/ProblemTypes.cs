namespace JudicialRecords.Api.Infrastructure.Errors;

/// <summary>Stable RFC 9457 problem type URIs, one per kind of error.</summary>
public static class ProblemTypes
{
    const string Base = "urn:judicialrecords:problem:";
    public const string BadRequest = Base + "bad-request";
    public const string MalformedJson = Base + "malformed-json";
    public const string Validation = Base + "validation";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string IdempotencyConflict = Base + "idempotency-conflict";
    public const string DuplicateJudgment = Base + "duplicate-judgment";
    public const string DuplicateDecision = Base + "duplicate-decision";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string Internal = Base + "internal";
    public const string Busy = Base + "busy";

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        _ when status >= 500 => Internal,
        _ => Base + status,
    };
}
