using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// What a policy sees at one of its ticks, read the way the daemon reads it: one reading per metric, and the
/// forecast after the forecaster was fed every step sample that exists by then. Shared by every replay.
/// </summary>
internal sealed class TickInputs
{
    private readonly IReadOnlyList<MetricSpec> _metrics;
    private readonly ReplayContext _context;
    private readonly Forecaster? _forecaster;
    private readonly StepFeeder? _feeder;

    public TickInputs(ScalingPolicy policy, ReplayContext context, Forecaster? forecaster)
    {
        _metrics = policy.Spec.Metrics;
        _context = context;
        _forecaster = forecaster;
        _feeder = forecaster is null ? null : new StepFeeder(forecaster.Observe, policy.Spec.Prediction!, context);
        Readings = new MetricReading[_metrics.Count];
    }

    /// <summary>The readings of the last <see cref="ReadAt"/>, in policy order (reused between ticks).</summary>
    public MetricReading[] Readings { get; }

    /// <summary>Fills <see cref="Readings"/> for <paramref name="t"/> and returns the forecast (null without prediction).</summary>
    public ForecastSignal? ReadAt(DateTimeOffset t)
    {
        for (var m = 0; m < _metrics.Count; m++)
        {
            Readings[m] = _context.ReadingAt(_metrics[m].Name, t);
        }

        if (_feeder is null)
        {
            return null;
        }

        _feeder.FeedUntil(t);
        return _forecaster!.Predict(t);
    }
}
