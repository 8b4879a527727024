using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace JudicialRecords.Api.Infrastructure.OpenApi;

/// <summary>
/// Endpoint metadata: a header the endpoint cannot go without. It is bound as optional so that the endpoint answers its
/// absence with its own 400 problem naming it; the OpenAPI document still marks it required.
/// </summary>
public sealed record RequiredHeader(string Name);

/// <summary>Marks the headers of <see cref="RequiredHeader"/> metadata required in the OpenAPI document.</summary>
sealed class RequiredHeaderFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var required = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiredHeader>().Select(h => h.Name).ToHashSet();
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (parameter.In == ParameterLocation.Header && required.Contains(parameter.Name!)) parameter.Required = true;
    }
}
