using System.Text.Json;
using System.Text.Json.Serialization;

namespace JudicialRecords.Api.Infrastructure.Json;

public static class JsonSetup
{
    /// <summary>
    /// api.md conventions on the wire: camelCase names, enums as camelCase strings (never numbers), instants in UTC.
    /// </summary>
    public static IServiceCollection AddJsonConventions(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            json.SerializerOptions.Converters.Add(new UtcInstants());
        });

    /// <summary>
    /// "Instants ISO-8601 UTC" (api.md): an instant is written in UTC with a Z, whatever offset it carries. A deadline is
    /// computed as Vietnam midnight (+07:00), which is the same instant as 17:00Z the day before.
    /// </summary>
    sealed class UtcInstants : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime);
    }
}
