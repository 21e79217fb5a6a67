using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Ports;

/// <summary>Reads one metric of a policy at one instant. Never throws for a bad read: it returns a failed reading.</summary>
public interface IMetricSource
{
    /// <summary>Evaluates <paramref name="metric"/> (and its freshness and completeness queries) at <paramref name="at"/>.</summary>
    ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken);
}
