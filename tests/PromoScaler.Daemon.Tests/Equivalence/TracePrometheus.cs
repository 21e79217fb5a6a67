using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Tests.Equivalence;

/// <summary>
/// A trace served as Prometheus serves <c>rate(x[1m])</c> without delay: an instant query at t and a range query's
/// point stamped t both answer the mean of the demand over [t - 1m, t]; where the trace has no value, no series.
/// </summary>
internal sealed class TracePrometheus(DemandCurve curve) : IMetricSource, IMetricHistory
{
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    public ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(curve.Mean(at - RateWindow, at) is { } v ? MetricReading.Of(metric.Name, v, at) : MetricReading.Empty(metric.Name, at));

    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        var samples = new List<HistorySample>();
        for (var t = first; t <= last; t += resolution)
        {
            if (curve.Mean(t - RateWindow, t) is { } v)
            {
                samples.Add(new HistorySample(t, v));
            }
        }

        return ValueTask.FromResult(new MetricHistoryRead(samples));
    }
}
