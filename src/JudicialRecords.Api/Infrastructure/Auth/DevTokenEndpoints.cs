using JudicialRecords.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JudicialRecords.Api.Infrastructure.Auth;

/// <summary>POST /dev/tokens: bearer tokens for any role, in the Development environment only.</summary>
public static class DevTokenEndpoints
{
    public sealed record DevTokenRequest(string? Role, string? Agency, string? Subject);
    public sealed record DevTokenResponse(string Token);

    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()) return app;
        app.MapPost("/dev/tokens", Issue)
            .AllowAnonymous()
            .WithTags("Development")
            .WithSummary("Issue a bearer token for any role (Development only).");
        return app;
    }

    static Results<Ok<DevTokenResponse>, ValidationProblem> Issue(DevTokenRequest request, TokenIssuer issuer)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return Problems.Validation(errors);
        return TypedResults.Ok(new DevTokenResponse(issuer.Issue(request.Role!, request.Agency, request.Subject)));
    }

    public static Dictionary<string, string[]> Validate(DevTokenRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Role is null || !Roles.All.Contains(request.Role))
            errors["role"] = [$"Must be one of: {string.Join(", ", Roles.All)}."];
        else if (Roles.Agencies.Contains(request.Role) && string.IsNullOrWhiteSpace(request.Agency))
            errors["agency"] = ["An agency role needs the agency code, e.g. TAND-DNA, CA-DNA, THADS-DNA."];
        else if (request.Role == Roles.Applicant && (request.Subject is not { Length: 12 } || !request.Subject.All(char.IsAsciiDigit)))
            errors["subject"] = ["An applicant token needs the applicant's 12-digit personal ID."];
        return errors;
    }
}
