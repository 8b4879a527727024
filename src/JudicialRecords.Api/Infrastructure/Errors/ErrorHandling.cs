using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Infrastructure.Errors;

/// <summary>Every error leaves the API as application/problem+json with a stable type.</summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddErrorHandling(this IServiceCollection services)
    {
        // First of all writers: the problem details service uses the first that accepts, and the framework's declines some requests.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>());
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status is { } status && (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)))
                problem.Type = ProblemTypes.ForStatus(status);
            problem.Instance ??= context.HttpContext.Request.Path;
            // Status-code pages and route constraints (a non-GUID id) give no detail of their own; api.md asks for one.
            problem.Detail ??= problem.Status switch
            {
                StatusCodes.Status400BadRequest => "The request is malformed.",
                StatusCodes.Status401Unauthorized => "A valid bearer token (or agency client certificate) is required.",
                StatusCodes.Status403Forbidden => "The caller's role does not allow this.",
                StatusCodes.Status404NotFound => "Nothing exists at this path (an id in it may be malformed).",
                StatusCodes.Status405MethodNotAllowed => "This path does not take this method.",
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "The body's media type is not accepted here (JSON bodies are application/json).",
                _ => null,
            };
            problem.Extensions.Remove("traceId");
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) throw so that the handler above can describe them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Refuses JSON bodies in another charset than UTF-8. Call it after authorization: a request for no endpoint, with a
    /// method its path does not take, or from a caller who may not make it, is answered 404, 405, 401 or 403 as any other;
    /// its body is never read, so its charset does not matter.
    /// </summary>
    public static WebApplication UseUtf8JsonOnly(this WebApplication app)
    {
        app.Use(RefuseJsonInAnotherCharset);
        return app;
    }

    /// <summary>
    /// JSON travels as UTF-8 (RFC 8259 §8.1). A JSON body declared in another charset, or an unknown one, would fail
    /// deep in the body reader with an InvalidOperationException, a 500: it is a 415 here.
    /// </summary>
    static async Task RefuseJsonInAnotherCharset(HttpContext context, RequestDelegate next)
    {
        // Only a mapped endpoint reads a body: routing answers a method the path does not take with an endpoint of its own,
        // which is no RouteEndpoint, and that 405 is the better answer.
        if (context.GetEndpoint() is RouteEndpoint
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            && type.Charset.HasValue
            && type.Charset.Value!.Trim('"') is var charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.NotJson($"JSON is accepted in UTF-8 only, not in charset '{charset}'.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>Turns request-binding failures into 400 (or 413/415) problems instead of 500s.</summary>
    sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad) return false;
            if (UnparsedParameter(context, bad) is { } field)
            {
                await Problems.Validation(field.Name, field.Message).ExecuteAsync(context);
                return true;
            }
            var malformed = bad.InnerException is JsonException;
            var problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Type = malformed ? ProblemTypes.MalformedJson : ProblemTypes.ForStatus(bad.StatusCode),
                Title = malformed ? Problems.MalformedJsonTitle : "The request could not be read.",
                Detail = malformed ? bad.InnerException!.Message : bad.Message,
            };
            if (bad.InnerException is JsonException json && Problems.JsonErrors(json) is { } errors)
                problem.Extensions["errors"] = errors;
            context.Response.StatusCode = bad.StatusCode;
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
            return true;
        }
    }

    /// <summary>
    /// The query, route or header parameter whose value did not parse (limit=ten): a validation failure of that field, as a
    /// value out of range is (limit=0). The binder names the parameter in its message only
    /// (<c>Failed to bind parameter "Nullable&lt;int&gt; limit" from "ten".</c>): the name is trusted when the endpoint has
    /// such a parameter, and any other failure stays a plain bad request.
    /// </summary>
    static (string Name, string Message)? UnparsedParameter(HttpContext context, BadHttpRequestException bad)
    {
        if (BindingFailure().Match(bad.Message) is not { Success: true } failure) return null;
        var name = failure.Groups["name"].Value;
        // The exception handler has cleared the request's endpoint; its feature keeps the one that threw.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var parameter = endpoint?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>().FirstOrDefault(p => p.Name == name);
        if (parameter is null) return null;
        var type = parameter.ParameterInfo.ParameterType;
        return (name, (Nullable.GetUnderlyingType(type) ?? type) == typeof(int) ? "A whole number." : "Not a valid value.");
    }

    [GeneratedRegex("""^Failed to bind parameter "[^"]+ (?<name>[^" ]+)" from ".*"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();

    /// <summary>
    /// Writes every problem as application/problem+json whatever the request's Accept header says. The framework's writer
    /// declines when Accept names neither JSON type (dotnet/aspnetcore#56259): status-code pages then answered 401, 404 or
    /// 405 in text/plain, and a binding failure answered 400 with no body at all. An error body is for the client's
    /// developer, not the content it asked for: a PDF download refused is still explained in JSON.
    /// </summary>
    sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<HttpJsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var response = context.HttpContext.Response;
            var problem = context.ProblemDetails;
            problem.Status ??= response.StatusCode;
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            options.Value.CustomizeProblemDetails?.Invoke(context);
            return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json"));
        }
    }
}
