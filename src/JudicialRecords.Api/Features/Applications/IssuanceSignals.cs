using System.Collections.Concurrent;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// Wakes the requests that wait for a certificate (<c>Prefer: wait</c>) as soon as this node's issuance
/// job has recorded it. A certificate issued on another node is noticed by the waiter's own periodic
/// re-read, so a missed signal only delays the answer, never loses it.
/// </summary>
public sealed class IssuanceSignals
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    /// <summary>A task that completes when <see cref="Issued"/> is called for the application.</summary>
    public Task WhenIssued(Guid applicationId) =>
        _waiting.GetOrAdd(applicationId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Issued(Guid applicationId)
    {
        if (_waiting.TryRemove(applicationId, out var signal)) signal.TrySetResult();
    }

    /// <summary>Whether a signal for the application is kept (for tests: none may outlive its waiter).</summary>
    internal bool IsKept(Guid applicationId) => _waiting.ContainsKey(applicationId);

    /// <summary>Forgets an application nobody waits for any more (the waiter timed out).</summary>
    public void Forget(Guid applicationId, Task signal)
    {
        if (_waiting.TryGetValue(applicationId, out var current) && current.Task == signal && !signal.IsCompleted)
            _waiting.TryRemove(new KeyValuePair<Guid, TaskCompletionSource>(applicationId, current));
    }
}
