using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Core.Tests.Runtime;

/// <summary>A metric history computed from a function of time, recording every range asked for.</summary>
internal sealed class RecordingHistory(Func<DateTimeOffset, double?> value) : IMetricHistory
{
    public List<(DateTimeOffset First, DateTimeOffset Last, TimeSpan Step)> Ranges { get; } = [];

    public string? Failure { get; set; }

    public ValueTask<MetricHistoryRead> ReadRangeAsync(MetricSpec metric, DateTimeOffset first, DateTimeOffset last, TimeSpan resolution, CancellationToken cancellationToken)
    {
        Ranges.Add((first, last, resolution));
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
