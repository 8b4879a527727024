using System.Net;
using System.Text.Json;

namespace JudicialRecords.Api.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the status and type, and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:judicialrecords:problem:", problem.GetProperty("type").GetString());
        if (type is not null) Assert.Equal(type, problem.GetProperty("type").GetString());
        return problem;
    }
}
