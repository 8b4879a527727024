using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace JudicialRecords.Api.Infrastructure.OpenApi;

/// <summary>
/// What each operation asks of its caller, as the endpoint's metadata says: an anonymous one (verification, certificate
/// status, the carrier's signed webhook, the development simulators) carries no bearer requirement, and one that needs a
/// role lists the 401 and 403 problems it answers.
/// </summary>
sealed class AuthorizationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [];
            return;
        }
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid credentials (problem+json)." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The caller's role or agency may not do this (problem+json)." });
    }
}

/// <summary>Endpoint metadata: a header the endpoint reads from the request itself, documented as an optional parameter.</summary>
public sealed record OptionalHeader(string Name, string Description);

/// <summary>Adds the headers of <see cref="OptionalHeader"/> metadata to the OpenAPI document.</summary>
sealed class OptionalHeaderFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var header in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OptionalHeader>())
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && p.Name == header.Name)) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Required = false, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
