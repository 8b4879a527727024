using System.Text.Json;
using System.Text.Json.Serialization;

namespace JudicialRecords.Api.Infrastructure.Json;

public static class JsonSetup
{
    /// <summary>api.md conventions on the wire: camelCase names and enums as camelCase strings, never numbers.</summary>
    public static IServiceCollection AddJsonConventions(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
}
