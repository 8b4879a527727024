using System.Text.Json;
using System.Text.Json.Nodes;

namespace JudicialRecords.Api.Tests.Infrastructure;

public sealed class OpenApiDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task the_committed_document_equals_what_the_app_serves()
    {
        var served = JsonNode.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(TestKeys.RepositoryFile("openapi/openapi.json")));

        Assert.True(JsonNode.DeepEquals(served, committed),
            "openapi/openapi.json differs from what the app serves at /swagger/v1/swagger.json. " +
            "Regenerate it with `dotnet run --project src/JudicialRecords.Cli -- openapi` and commit the result. First difference: " +
            FirstDifference(served, committed, "$"));
    }

    [Fact]
    public async Task anonymous_operations_carry_no_bearer_requirement_and_secured_ones_list_401_and_403()
    {
        var paths = JsonNode.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!["paths"]!;

        foreach (var (path, method) in new[] { ("/api/v1/verification", "post"), ("/api/v1/certificates/{number}", "get"),
                     ("/api/v1/delivery/webhooks/{carrier}", "post") })
            Assert.Empty(paths[path]![method]!["security"]!.AsArray());
        var push = paths["/api/v1/exchange/judgments"]!["post"]!;
        Assert.Null(push["security"]); // the document's bearer requirement applies
        Assert.NotNull(push["responses"]!["401"]);
        Assert.NotNull(push["responses"]!["403"]);
        Assert.NotNull(push["responses"]!["412"]);
        Assert.Contains(push["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match" && (string?)p["in"] == "header");
    }

    static string FirstDifference(JsonNode? served, JsonNode? committed, string path)
    {
        if (served is JsonObject a && committed is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                if (!JsonNode.DeepEquals(a[key], b[key])) return FirstDifference(a[key], b[key], $"{path}.{key}");
        }
        else if (served is JsonArray x && committed is JsonArray y && x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++)
                if (!JsonNode.DeepEquals(x[i], y[i])) return FirstDifference(x[i], y[i], $"{path}[{i}]");
        }
        return $"{path}: served {Describe(served)}, committed {Describe(committed)}";
    }

    static string Describe(JsonNode? node) =>
        node is null ? "nothing" : node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) is var s && s.Length > 200 ? s[..200] + "…" : node.ToJsonString();
}
