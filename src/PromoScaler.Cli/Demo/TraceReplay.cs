using PromoScaler.Backtest.Traces;

namespace PromoScaler.Cli.Demo;

/// <summary>
/// A recorded demand trace replayed on the demo's simulated clock: simulated instant <c>t</c> reads the trace at
/// <c>anchor + (t - start)</c>, wrapped around the trace's span so a demo left running (or a forecaster reading days
/// of history before the start) always finds data. What a query reads is the mean over its rate window, as
/// Prometheus' <c>rate(x[1m])</c> would, times the query's demand multiplier.
/// </summary>
internal sealed class TraceReplay
{
    private readonly DemandCurve _curve;
    private readonly DateTimeOffset _first;
    private readonly long _span;
    private readonly long _anchorOffset;
    private readonly DateTimeOffset _start;

    /// <param name="trace">The trace; its first column is the demand.</param>
    /// <param name="anchor">The trace instant the simulated <paramref name="start"/> reads.</param>
    /// <param name="start">The simulated instant the replay starts at.</param>
    /// <param name="window">The rate window every reading averages over.</param>
    public TraceReplay(Trace trace, DateTimeOffset anchor, DateTimeOffset start, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (anchor < trace.First || anchor > trace.Last)
        {
            throw new ArgumentOutOfRangeException(nameof(anchor), anchor, $"the anchor must lie in the trace, {trace.First:O}..{trace.Last:O}");
        }

        _curve = new DemandCurve(trace.Ticks, trace.Columns.Values.First());
        _first = trace.First;
        _span = (trace.Last - trace.First).Ticks;
        _anchorOffset = (anchor - trace.First).Ticks;
        _start = start;
        Window = window;
    }

    /// <summary>The rate window every reading averages over.</summary>
    public TimeSpan Window { get; }

    /// <summary>The trace instant simulated instant <paramref name="at"/> reads (the window's end).</summary>
    public DateTimeOffset TraceInstant(DateTimeOffset at)
    {
        // Wrapped into [first, last), so the window below never starts before the first row
        // unless the anchor sits within one window of it.
        var offset = (_anchorOffset + (at - _start).Ticks) % _span;
        return _first + TimeSpan.FromTicks(offset < 0 ? offset + _span : offset);
    }

    /// <summary>The trace's demand at simulated <paramref name="at"/>: the mean over the window before it, or null in a hole.</summary>
    public double? DemandAt(DateTimeOffset at)
    {
        var end = TraceInstant(at);
        var from = end - Window;
        return from < _first ? _curve.At(end) : _curve.Mean(from, end);
    }
}
