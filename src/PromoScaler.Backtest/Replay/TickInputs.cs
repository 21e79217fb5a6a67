using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// What a policy sees at one of its ticks, read the way the daemon reads it: one reading per metric, and the
/// forecast of its feed (the model after it was fed every step sample that exists by then), and in calibrated
/// sizing mode the proposals of its sizing models. Shared by every replay.
/// </summary>
internal sealed class TickInputs
{
    private readonly IReadOnlyList<MetricSpec> _metrics;
    private readonly ReplayContext _context;
    private readonly IForecastFeed? _forecast;
    private readonly CalibrationFeed? _calibration;

    public TickInputs(ScalingPolicy policy, ReplayContext context, IForecastFeed? forecast)
    {
        _metrics = policy.Spec.Metrics;
        _context = context;
        _forecast = forecast;
        _calibration = CalibrationFeed.For(policy, context);
        Readings = new MetricReading[_metrics.Count];
    }

    /// <summary>The calibrated proposals of the last <see cref="ReadAt"/> (null in target mode).</summary>
    public IReadOnlyList<CalibrationSignal>? Calibration { get; private set; }

    /// <summary>The readings of the last <see cref="ReadAt"/>, in policy order (reused between ticks).</summary>
    public MetricReading[] Readings { get; }

    /// <summary>Fills <see cref="Readings"/> for <paramref name="t"/> and returns the forecast (null without prediction).</summary>
    public ForecastSignal? ReadAt(DateTimeOffset t)
    {
        for (var m = 0; m < _metrics.Count; m++)
        {
            Readings[m] = _context.ReadingAt(_metrics[m].Name, t);
        }

        Calibration = _calibration?.Read(t, Readings);

        return _forecast?.Read(t);
    }
}
