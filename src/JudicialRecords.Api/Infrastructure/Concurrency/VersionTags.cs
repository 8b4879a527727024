using System.Globalization;

namespace JudicialRecords.Api.Infrastructure.Concurrency;

/// <summary>
/// api.md's optimistic concurrency: a state's ETag is its stream version in quotes; a request's If-Match names the version
/// it was decided on, and a stale one is 412.
/// </summary>
public static class VersionTags
{
    public const string IfMatchHeader = "If-Match";

    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The stream version an If-Match names, null for none or "*"; false when it names no version of ours, which no state
    /// can match (412).
    /// </summary>
    public static bool TryExpected(string? ifMatch, out long? expected)
    {
        expected = null;
        if (ifMatch is null || ifMatch.Trim() == "*") return true;
        if (!long.TryParse(ifMatch.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        expected = version;
        return true;
    }
}
