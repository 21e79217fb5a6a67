using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Feeds a calibrated policy's sizing models the way the daemon does: each metric's model gets the reading of every
/// tick, and before the first tick the readings of the interval grid back to the start of the trace, so the model
/// is warm when scoring starts (as the forecaster is).
/// </summary>
internal sealed class CalibrationFeed
{
    private readonly CalibratedSizer[] _sizers;
    private readonly ReplayContext _context;
    private readonly TimeSpan _interval;
    private readonly CalibrationSignal[] _signals;
    private DateTimeOffset _warmUp;
    private bool _warm;

    private CalibrationFeed(CalibratedSizer[] sizers, ReplayContext context, TimeSpan interval)
    {
        _sizers = sizers;
        _context = context;
        _interval = interval;
        _signals = new CalibrationSignal[sizers.Length];
        // The earliest grid instant whose reading is defined: its window [t - D - W, t - D] starts at the trace.
        var earliest = context.TraceStart + context.Delay + context.Window;
        var steps = Math.Max(0, (context.From - earliest).Ticks / interval.Ticks);
        _warmUp = context.From - (steps * interval);
    }

    /// <summary>The proposals of the last <see cref="Read"/>, in policy metric order (reused between ticks).</summary>
    public IReadOnlyList<CalibrationSignal> Signals => _signals;

    /// <summary>Sizing models for each metric of a calibrated <paramref name="policy"/>; null in target mode.</summary>
    public static CalibrationFeed? For(ScalingPolicy policy, ReplayContext context)
    {
        if (policy.Spec.Sizing.Mode != SizingMode.Calibrated)
        {
            return null;
        }

        // A reading at t averages [t - D - W, t - D]: it measures the demand of about t - D - W/2.
        var lag = context.Delay + (context.Window / 2);
        var sizers = policy.Spec.Metrics.Select(m => CalibratedSizer.For(policy, m, lag)!).ToArray();
        return new CalibrationFeed(sizers, context, policy.Spec.Interval);
    }

    /// <summary>Feeds the warm-up grid before <paramref name="now"/>, then this tick's readings, and proposes.</summary>
    public IReadOnlyList<CalibrationSignal> Read(DateTimeOffset now, IReadOnlyList<MetricReading> readings)
    {
        for (; !_warm && _warmUp < now; _warmUp += _interval)
        {
            for (var m = 0; m < _sizers.Length; m++)
            {
                _sizers[m].Observe(_warmUp, _context.Signal(_sizers[m].Metric, _warmUp));
            }
        }

        for (var m = 0; m < _sizers.Length; m++)
        {
            _sizers[m].Observe(now, readings[m].Value);
            _signals[m] = _sizers[m].Propose(now);
        }

        _warm = true; // from the first tick on, the ticks feed the models themselves
        return _signals;
    }
}
