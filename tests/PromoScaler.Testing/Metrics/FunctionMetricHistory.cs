using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Testing.Metrics;

/// <summary>
/// A metric history computing each step's value from a function of time (null = no sample there), recording every
/// range asked for; <see cref="Failure"/> makes every read fail as an unreachable Prometheus would.
/// </summary>
public sealed class FunctionMetricHistory(Func<DateTimeOffset, double?> value) : IMetricHistory
{
    /// <summary>A history with no samples at all.</summary>
    public FunctionMetricHistory()
        : this(_ => null)
    {
    }

    /// <summary>Every range read, in order; lock on the list itself when reading it while reads may run.</summary>
    public List<(DateTimeOffset First, DateTimeOffset Last, TimeSpan Step)> Ranges { get; } = [];

    public string? Failure { get; set; }

    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        lock (Ranges)
        {
            Ranges.Add((first, last, resolution));
        }

        if (Failure is { } failure)
        {
            return ValueTask.FromResult(MetricHistoryRead.Failed(failure));
        }

        var samples = new List<HistorySample>();
        for (var t = first; t <= last; t += resolution)
        {
            if (value(t) is { } v)
            {
                samples.Add(new HistorySample(t, v));
            }
        }

        return ValueTask.FromResult(new MetricHistoryRead(samples));
    }
}
