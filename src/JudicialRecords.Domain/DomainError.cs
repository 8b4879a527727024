namespace JudicialRecords.Domain;

/// <summary>
/// A rule the input breaks. Returned as a value so callers map it to a problem response
/// instead of catching exceptions; <see cref="Code"/> is stable, <see cref="Field"/> names the input at fault.
/// </summary>
public sealed record DomainError(string Code, string Detail, string? Field = null);

/// <summary>Either a value or the <see cref="DomainError"/> explaining why there is none.</summary>
public readonly record struct Result<T>
{
    private readonly T? value;

    private Result(T? value, DomainError? error)
    {
        this.value = value;
        Error = error;
    }

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess
        ? value!
        : throw new InvalidOperationException($"No value: {Error!.Code}: {Error.Detail}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(DomainError error) => new(default, error);
}
