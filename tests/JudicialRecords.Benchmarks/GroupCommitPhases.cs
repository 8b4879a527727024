using System.Diagnostics.Metrics;
using JudicialRecords.Api.Features.Exchange;

namespace JudicialRecords.Benchmarks;

/// <summary>
/// The service's group-commit metrics (<see cref="GroupCommitMetrics"/>) over the measured period: pushes per group and the mean
/// of each phase, so that a run says where a push's latency went.
/// </summary>
sealed class GroupCommitPhases : IDisposable
{
    readonly MeterListener _listener = new();
    readonly Dictionary<string, (double Sum, long Count)> _phases = [];
    long _groups, _pushes;

    public void Start()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GroupCommitMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((_, pushes, _, _) =>
        {
            Interlocked.Increment(ref _groups);
            Interlocked.Add(ref _pushes, pushes);
        });
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == GroupCommitMetrics.Phase && tag.Value is string phase)
                    lock (_phases) _phases[phase] = _phases.TryGetValue(phase, out var sum) ? (sum.Sum + seconds, sum.Count + 1) : (seconds, 1);
        });
        _listener.Start();
    }

    public override string ToString()
    {
        lock (_phases)
            return $"group commit: {_groups:N0} groups, {(double)_pushes / Math.Max(1, _groups):0.00} pushes a group; mean ms a group: " +
                   string.Join(", ", _phases.Select(p => $"{p.Key} {1000 * p.Value.Sum / p.Value.Count:0.000}"));
    }

    public void Dispose() => _listener.Dispose();
}
