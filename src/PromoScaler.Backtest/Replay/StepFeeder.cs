using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Feeds a forecaster the prediction metric at resolution <c>step</c>, as a range query would return it: the sample
/// stamped T is the mean of d over [T - max(step, W), T] (a sample at resolution step stands for its whole step, not
/// for the last rate window in it; in PromQL <c>rate(x[step])</c> at T); it exists once T is D old.
/// </summary>
/// <remarks>
/// The step's peak reading (<c>max_over_time(rate(x[W])[step:interval])</c>) was measured as an alternative and
/// rejected: it makes the forecast dearer than HPA at equal cost and its noisier error trips the trust gate (see
/// docs/forecasting.md).
/// </remarks>
internal sealed class StepFeeder
{
    private readonly Action<DateTimeOffset, double?> _observe;
    private readonly ReplayContext _context;
    private readonly DemandCurve _curve;
    private readonly TimeSpan _span;
    private readonly StepCursor _cursor;

    /// <param name="observe">Receives each step sample (null = missing), oldest first.</param>
    /// <param name="prediction">The policy's prediction block (metric and step).</param>
    /// <param name="context">The demand curves, delay and rate window.</param>
    public StepFeeder(Action<DateTimeOffset, double?> observe, PredictionSpec prediction, ReplayContext context)
    {
        _observe = observe;
        _context = context;
        _curve = context.Curves[prediction.Metric];
        _span = SampleSpan(prediction.Step, context);
        _cursor = new StepCursor(prediction.Step, context.TraceStart + _span); // the first sample whose span is inside the trace
    }

    /// <summary>What a sample stamped T averages: [T - max(step, W), T].</summary>
    public static TimeSpan SampleSpan(TimeSpan step, ReplayContext context) => step > context.Window ? step : context.Window;

    /// <summary>Feeds every step sample that exists at <paramref name="now"/> (stamped at most now - D) and was not fed yet.</summary>
    public void FeedUntil(DateTimeOffset now)
    {
        foreach (var stamp in _cursor.TakeDue(now - _context.Delay))
        {
            _observe(stamp, _curve.Mean(stamp - _span, stamp));
        }
    }
}
