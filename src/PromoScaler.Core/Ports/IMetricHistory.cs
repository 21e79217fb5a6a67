using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Ports;

/// <summary>
/// Reads a policy metric over a range at a fixed resolution (Prometheus <c>query_range</c>): what a forecaster is
/// fitted on at start and fed from afterwards. Never throws for a bad read: it returns a failed one.
/// </summary>
public interface IMetricHistory
{
    /// <summary>
    /// The metric's values at <c>first + k x resolution</c> up to <paramref name="last"/>, oldest first; a step
    /// without a value is absent.
    /// </summary>
    ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken);
}

/// <summary>One value of a range read.</summary>
public readonly record struct HistorySample(DateTimeOffset Timestamp, double Value);

/// <summary>The result of a range read.</summary>
/// <param name="Samples">The values found, oldest first (empty when the read failed).</param>
/// <param name="Failure">Why the read failed, or null.</param>
public sealed record MetricHistoryRead(IReadOnlyList<HistorySample> Samples, string? Failure = null)
{
    /// <summary>A failed read.</summary>
    public static MetricHistoryRead Failed(string failure) => new([], failure);
}
