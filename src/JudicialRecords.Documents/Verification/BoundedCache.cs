using System.Collections.Concurrent;

namespace JudicialRecords.Documents.Verification;

/// <summary>
/// A thread-safe memo that forgets everything when it grows past its capacity. Verification sees the
/// same few CA certificates and CRLs in almost every file, so a tiny cache saves most of the parsing and
/// signature checks; the cap stops uploads full of fresh certificates from growing it without bound.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new();

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (_entries.TryGetValue(key, out var value))
            return value;
        if (_entries.Count >= capacity)
            _entries.Clear();
        return _entries.GetOrAdd(key, create);
    }
}
