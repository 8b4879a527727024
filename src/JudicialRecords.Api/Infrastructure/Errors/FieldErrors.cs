using Microsoft.AspNetCore.Http.HttpResults;

namespace JudicialRecords.Api.Infrastructure.Errors;

/// <summary>Collects every validation failure of a request, keyed by field path (e.g. <c>offences[0].article</c>).</summary>
public sealed class FieldErrors
{
    readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>How many failures so far: compare before and after a part to know whether that part failed.</summary>
    public int Count => _errors.Values.Sum(m => m.Count);

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>Takes over another part's failures under <paramref name="prefix"/> (e.g. <c>convictions[0].</c>).</summary>
    public void AddAll(string prefix, FieldErrors other)
    {
        foreach (var (field, messages) in other._errors)
            foreach (var message in messages) Add(prefix + field, message);
    }

    /// <summary>Records <paramref name="message"/> when <paramref name="value"/> is missing; returns whether it is present.</summary>
    public bool Required(string field, object? value, string message = "Required.")
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            Add(field, message);
            return false;
        }
        return true;
    }

    /// <summary>
    /// A free-text field trimmed, or null (recorded as a failure when <paramref name="required"/>, too long, or holding control
    /// characters other than tab and line breaks).
    /// </summary>
    public string? Text(string field, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, "Required.");
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            Add(field, $"At most {max} characters.");
            return null;
        }
        // PostgreSQL refuses U+0000 in text and jsonb: unchecked, a NUL would fail the write with a 500.
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            Add(field, "Must not contain control characters.");
            return null;
        }
        return trimmed;
    }

    /// <summary>One line for reports: <c>field: message; other: message</c>.</summary>
    public string Describe() => string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    public ValidationProblem ToProblem() =>
        Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
