using PromoScaler.Core.Engine;
using PromoScaler.Backtest.Traces;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// What every run of one backtest shares: the demand curves, the resolved range and signal settings, and the
/// scoring grid's demand. Every baseline sees exactly the same signal.
/// </summary>
public sealed class ReplayContext
{
    internal ReplayContext(
        IReadOnlyDictionary<string, DemandCurve> curves,
        string demandMetric,
        DateTimeOffset traceStart,
        DateTimeOffset from,
        DateTimeOffset to,
        TimeSpan delay,
        TimeSpan window)
    {
        Curves = curves;
        DemandMetric = demandMetric;
        TraceStart = traceStart;
        From = from;
        To = to;
        Delay = delay;
        Window = window;
        var step = BacktestSettings.GridStep;
        var count = (int)((to - from).Ticks / step.Ticks) + ((to - from).Ticks % step.Ticks == 0 ? 0 : 1);
        GridDemand = new double[count];
        var curve = curves[demandMetric];
        for (var i = 0; i < count; i++)
        {
            GridDemand[i] = curve.At(from + i * step) ?? double.NaN;
        }
    }

    /// <summary>d(t) per policy metric name.</summary>
    public IReadOnlyDictionary<string, DemandCurve> Curves { get; }

    /// <summary>The metric scored as demand.</summary>
    public string DemandMetric { get; }

    /// <summary>The trace's first row.</summary>
    public DateTimeOffset TraceStart { get; }

    /// <summary>First scored instant and first tick.</summary>
    public DateTimeOffset From { get; }

    /// <summary>End of scoring (exclusive).</summary>
    public DateTimeOffset To { get; }

    /// <summary>D: metric delay.</summary>
    public TimeSpan Delay { get; }

    /// <summary>W: metric (rate) window.</summary>
    public TimeSpan Window { get; }

    /// <summary>d at each 15s grid point from <see cref="From"/>; NaN where undefined.</summary>
    public double[] GridDemand { get; }

    /// <summary>The time of grid point <paramref name="i"/>.</summary>
    public DateTimeOffset GridTime(int i) => From + i * BacktestSettings.GridStep;

    /// <summary>The first grid point at or after <paramref name="t"/>, clamped to [0, grid length].</summary>
    public int GridIndexAtOrAfter(DateTimeOffset t)
    {
        var step = BacktestSettings.GridStep.Ticks;
        var offset = (t - From).Ticks;
        var index = offset <= 0 ? 0 : (offset + step - 1) / step;
        return (int)Math.Min(index, GridDemand.Length);
    }

    /// <summary>The first grid point strictly after <paramref name="t"/>, clamped to [0, grid length].</summary>
    public int GridIndexAfter(DateTimeOffset t)
    {
        var step = BacktestSettings.GridStep.Ticks;
        var offset = (t - From).Ticks;
        var index = offset < 0 ? 0 : (offset / step) + 1;
        return (int)Math.Min(index, GridDemand.Length);
    }

    /// <summary>What metric <paramref name="metric"/> reads at a tick at <paramref name="t"/>: mean of d over [t - D - W, t - D].</summary>
    public double? Signal(string metric, DateTimeOffset t) => Curves[metric].Mean(t - Delay - Window, t - Delay);

    /// <summary>
    /// The engine's reading of <paramref name="metric"/> at a tick: the signal, or an empty result over a hole. Without
    /// a freshness query the daemon stamps a reading with the time of the successful read, the tick itself, so a
    /// regular trace is never stale whatever its step.
    /// </summary>
    public MetricReading ReadingAt(string metric, DateTimeOffset t) =>
        Signal(metric, t) is { } v ? MetricReading.Of(metric, v, t) : MetricReading.Empty(metric, t);
}
