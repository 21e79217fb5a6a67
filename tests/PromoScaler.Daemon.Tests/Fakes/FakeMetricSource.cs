using System.Collections.Concurrent;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Tests.Fakes;

/// <summary>A metric source whose values the test sets per query; unset queries fail as a refused connection would.</summary>
internal sealed class FakeMetricSource : IMetricSource
{
    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>When set, every read fails this way (Prometheus down).</summary>
    public ReadFailure? FailAll { get; set; }

    public int Reads;

    public void Set(string query, double value) => _values[query] = value;

    public ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Reads);
        if (FailAll is { } failure)
        {
            return ValueTask.FromResult(MetricReading.Failed(metric.Name, failure, "connection refused", null));
        }

        return ValueTask.FromResult(_values.TryGetValue(metric.Query, out var v)
            ? MetricReading.Of(metric.Name, v, at)
            : MetricReading.Failed(metric.Name, ReadFailure.ReadFailed, $"no value set for {metric.Query}", null));
    }
}
