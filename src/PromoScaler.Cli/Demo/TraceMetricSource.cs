using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cli.Demo;

/// <summary>
/// The demo's Prometheus: each workload's query reads the replayed trace at the simulated instant asked for, scaled
/// by that workload's multiplier, as one fresh series. A query no workload serves (a policy edited in the demo's
/// directory) is a failed read naming it, exactly what the engine sees when Prometheus answers with an error.
/// Range reads are the same values at every step, which is what the forecasters are fitted on.
/// </summary>
internal sealed class TraceMetricSource : IMetricSource, IMetricHistory
{
    private readonly TraceReplay _replay;
    private readonly Dictionary<string, double> _multipliers;

    public TraceMetricSource(TraceReplay replay, IEnumerable<DemoWorkload> workloads)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(workloads);
        _replay = replay;
        _multipliers = workloads.ToDictionary(w => w.Query, w => w.DemandMultiplier, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!_multipliers.TryGetValue(metric.Query, out var multiplier))
        {
            return ValueTask.FromResult(MetricReading.Failed(metric.Name, ReadFailure.QueryError, Unknown(metric), null));
        }

        return ValueTask.FromResult(_replay.DemandAt(at) is { } demand
            ? MetricReading.Of(metric.Name, demand * multiplier, at)
            : MetricReading.Empty(metric.Name, at));
    }

    /// <inheritdoc />
    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!_multipliers.TryGetValue(metric.Query, out var multiplier))
        {
            return ValueTask.FromResult(MetricHistoryRead.Failed(Unknown(metric)));
        }

        if (resolution <= TimeSpan.Zero)
        {
            return ValueTask.FromResult(MetricHistoryRead.Failed($"resolution {resolution} must be positive"));
        }

        var samples = new List<HistorySample>();
        for (var t = first; t <= last; t += resolution)
        {
            if (_replay.DemandAt(t) is { } demand)
            {
                samples.Add(new HistorySample(t, demand * multiplier));
            }
        }

        return ValueTask.FromResult(new MetricHistoryRead(samples));
    }

    private static string Unknown(MetricSpec metric) =>
        $"the demo serves no series for {metric.Query}; its queries are those of the demo's policies";
}
