using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Daemon.Tests.Fakes;

/// <summary>A metric source that holds each read until several are in flight, and records the most at once.</summary>
internal sealed class ConcurrencyProbeMetricSource : IMetricSource
{
    private int _inFlight;
    private int _max;

    public int MaxInFlight => Volatile.Read(ref _max);

    public async ValueTask<MetricReading> ReadAsync(MetricSpec metric, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _max, now);
        // Give the other slots a real moment to fill (a real wait on purpose: concurrency, not time, is measured).
        await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        Interlocked.Decrement(ref _inFlight);
        return MetricReading.Of(metric.Name, 100, at);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
