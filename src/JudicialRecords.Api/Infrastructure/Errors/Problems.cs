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
}
