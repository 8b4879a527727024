namespace JudicialRecords.Domain.Applications;

/// <summary>
/// The outcome of a decision: the events to append, or why nothing may be appended. A success with
/// no events is an idempotent repeat (e.g. the same payment or the same issuance again).
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<IApplicationEvent> events, IReadOnlyList<DomainError> errors)
    {
        Events = events;
        Errors = errors;
    }

    /// <summary>Nothing to do: the step already happened.</summary>
    public static Decision Nothing { get; } = new([], []);

    public IReadOnlyList<IApplicationEvent> Events { get; }

    public IReadOnlyList<DomainError> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    public DomainError? Error => Errors.Count == 0 ? null : Errors[0];

    public static Decision Append(params IApplicationEvent[] events) => new(events, []);

    public static Decision Refuse(IReadOnlyList<DomainError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return new([], errors);
    }

    public static implicit operator Decision(DomainError error) => new([], [error]);
}
