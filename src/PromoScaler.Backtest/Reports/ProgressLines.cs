using System.Globalization;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// Progress where no bar can be drawn (CI logs, a pipe): one plain line every 10% of the ticks, or after 30 s
/// without one, with the ticks done, the time elapsed and an estimate of the time left, e.g.
/// <c>backtest: 40% (1,382,400 of 3,456,000 ticks), 12s elapsed, about 18s left</c>. Time comes from the
/// <see cref="TimeProvider"/>, so tests can check when lines appear.
/// </summary>
public sealed class ProgressLines : IProgress<BacktestProgress>
{
    /// <summary>Longest silence between two lines.</summary>
    public static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(30);

    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _lock = new();
    private int _nextTenth = 1;
    private TimeSpan _lastLine;
    private bool _finished;
    private bool _announced;

    /// <param name="writer">Where the lines go (stderr).</param>
    /// <param name="time">The clock; the elapsed time counts from this constructor.</param>
    public ProgressLines(TextWriter writer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(time);
        _writer = writer;
        _time = time;
        _started = time.GetTimestamp();
    }

    public void Report(BacktestProgress value)
    {
        if (value.TicksTotal <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_finished)
            {
                return;
            }

            var fraction = Math.Clamp((double)value.TicksDone / value.TicksTotal, 0, 1);
            var elapsed = _time.GetElapsedTime(_started);
            var tenth = (int)Math.Floor(fraction * 10 + 1e-9);
            // The first report always gives a line: a long run says at once that it started.
            if (_announced && tenth < _nextTenth && elapsed - _lastLine < MaxSilence)
            {
                return;
            }

            _announced = true;

            _nextTenth = Math.Max(_nextTenth, tenth + 1);
            _lastLine = elapsed;
            _finished = value.TicksDone >= value.TicksTotal;
            var ticks = $"{Count(value.TicksDone)} of {Count(value.TicksTotal)} ticks";
            var left = _finished ? "done"
                : fraction > 0 ? $"about {Duration.Describe(elapsed * ((1 - fraction) / fraction))} left"
                : "time left unknown";
            _writer.WriteLine($"backtest: {fraction.ToString("0%", CultureInfo.InvariantCulture)} ({ticks}), {Duration.Describe(elapsed)} elapsed, {left}");
            _writer.Flush();
        }
    }

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
