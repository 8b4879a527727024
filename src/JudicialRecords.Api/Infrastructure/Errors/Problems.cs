using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JudicialRecords.Api.Infrastructure.Errors;

/// <summary>Typed problem results with the stable types of <see cref="ProblemTypes"/>.</summary>
public static class Problems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid.", type: ProblemTypes.Validation,
            title: "The request is invalid.");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: 404, title: "Not found.", type: ProblemTypes.NotFound);

    public static ProblemHttpResult Conflict(string detail, string type = ProblemTypes.Conflict) =>
        TypedResults.Problem(detail, statusCode: 409, title: "Conflict.", type: type);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: 403, title: "Forbidden.", type: ProblemTypes.Forbidden);

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: 401, title: "Unauthorized.", type: ProblemTypes.Unauthorized);

    /// <summary>A transient refusal: too much at once. The client sends the same request again later.</summary>
    public static ProblemHttpResult Busy(string detail) =>
        TypedResults.Problem(detail, statusCode: 503, title: "Busy.", type: ProblemTypes.Busy);

    /// <summary>
    /// A message that lost every race for the state it changes: answered, not thrown, since the race's exception names the
    /// stream, a personal ID, and an unhandled one is logged.
    /// </summary>
    /// <param name="again">How to send it again: agency messages keep their Idempotency-Key.</param>
    public static ProblemHttpResult RacesLost(string again = "Send it again with the same Idempotency-Key.") =>
        Busy($"The same record kept changing while this message was applied; nothing was written. {again}");

    /// <summary>A stale If-Match (api.md): the state changed since the version the request names was read.</summary>
    public static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(detail, statusCode: 412, title: "Precondition failed.", type: ProblemTypes.PreconditionFailed);

    public const string MalformedJsonTitle = "The request body is not valid JSON.";

    /// <summary>A value of the wrong type or an unknown enum name names its field, as validation problems do; null when the parser knows none.</summary>
    public static Dictionary<string, string[]>? JsonErrors(JsonException e) =>
        e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? new Dictionary<string, string[]> { [path[2..]] = [e.Message] }
            : null;

    /// <summary>A body read by hand that is not the JSON expected: the same problem as the binder's failures (ErrorHandling).</summary>
    public static ProblemHttpResult MalformedJson(JsonException e) =>
        TypedResults.Problem(e.Message, statusCode: 400, title: MalformedJsonTitle, type: ProblemTypes.MalformedJson,
            extensions: JsonErrors(e) is { } errors ? new Dictionary<string, object?> { ["errors"] = errors } : null);

    /// <summary>A body that is not declared as JSON (or declares no type at all, or another charset than UTF-8).</summary>
    public static ProblemHttpResult NotJson(string detail = "Send the body as application/json.") =>
        TypedResults.Problem(detail, statusCode: 415, title: "Unsupported media type.", type: ProblemTypes.UnsupportedMediaType);
}
