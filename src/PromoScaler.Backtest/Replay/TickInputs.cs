using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// What a policy sees at one of its ticks, read the way the daemon reads it: one reading per metric, and the
/// forecast of its feed (the model after it was fed every step sample that exists by then), the decision gate's
/// verdict on that forecast, and in calibrated sizing mode the proposals of its sizing models. Shared by every replay,
/// which hands each decision back through <see cref="Record"/> so that the gate can judge it.
/// </summary>
internal sealed class TickInputs
{
    private readonly IReadOnlyList<MetricSpec> _metrics;
    private readonly ReplayContext _context;
    private readonly IForecastFeed? _forecast;
    private readonly CalibrationFeed? _calibration;
    private readonly ForecastGate? _gate;
    private readonly int _gateMetric;
    private ForecastSignal? _lastForecast;

    public TickInputs(ScalingPolicy policy, ReplayContext context, IForecastFeed? forecast)
    {
        _metrics = policy.Spec.Metrics;
        _context = context;
        _forecast = forecast;
        _calibration = CalibrationFeed.For(policy, context);
        // The model's forecast is judged by its decisions; perfect foresight is always trusted, and an HPA target's
        // forecast is judged by its error alone (what the HPA would have run without it is not the policy's decision).
        _gate = forecast is ModelForecastFeed && policy.Spec.Target.Kind != TargetKind.HorizontalPodAutoscaler
            ? ForecastGate.For(policy, context.Delay + (context.Window / 2))
            : null;
        _gateMetric = _gate is null ? -1 : _metrics.ToList().FindIndex(m => m.Name == _gate.Metric);
        Readings = new MetricReading[_metrics.Count];
    }

    /// <summary>The gate's verdict at the last <see cref="ReadAt"/> (null without a gate).</summary>
    public ForecastVerdict? Verdict { get; private set; }

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
        if (_gate is not null)
        {
            _gate.Observe(t, Readings[_gateMetric].Value);
            Verdict = _gate.Verdict(t);
        }

        _lastForecast = _forecast?.Read(t);
        return _lastForecast;
    }

    /// <summary>Hands the decision taken at <paramref name="t"/> back to the gate, with the forecast it was given.</summary>
    public void Record(DateTimeOffset t, Decision decision) => _gate?.Record(t, _lastForecast, decision);
}
