using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Feeds a forecaster the prediction metric at resolution <c>step</c>, as a range query would return it: the sample
/// stamped T is the PEAK over the step (T - step, T] of what the engine sees, the largest of the readings
/// mean(d over [s - W, s]) at s = T, T - interval, ... inside the step (in PromQL,
/// <c>max_over_time(rate(x[W])[step:interval])</c>); it exists once T is D old.
/// </summary>
/// <remarks>
/// Capacity decided for a step must carry that step's peak, not its mean: the short-term noise around the mean is
/// what overloads a deployment between two decisions, and the peak carries it at every level (relatively more
/// where traffic is low, as counting noise is). The forecaster's trust compares forecasts with these same peaks.
/// </remarks>
internal sealed class StepFeeder
{
    private readonly Action<DateTimeOffset, double?> _observe;
    private readonly ReplayContext _context;
    private readonly DemandCurve _curve;
    private readonly TimeSpan _step;
    private readonly TimeSpan _resolution;
    private DateTimeOffset _next;

    /// <param name="observe">Receives each step sample (null = missing), oldest first.</param>
    /// <param name="prediction">The policy's prediction block (metric and step).</param>
    /// <param name="interval">The policy's interval: the resolution of the readings inside a step (at most step).</param>
    /// <param name="context">The demand curves, delay and rate window.</param>
    public StepFeeder(Action<DateTimeOffset, double?> observe, PredictionSpec prediction, TimeSpan interval, ReplayContext context)
    {
        _observe = observe;
        _context = context;
        _curve = context.Curves[prediction.Metric];
        _step = prediction.Step;
        _resolution = interval > TimeSpan.Zero && interval < prediction.Step ? interval : prediction.Step;
        var first = (context.TraceStart + context.Window).UtcTicks; // the first step with a defined reading
        _next = new DateTimeOffset((first + _step.Ticks - 1) / _step.Ticks * _step.Ticks, TimeSpan.Zero);
    }

    /// <summary>Feeds every step sample that exists at <paramref name="now"/> (stamped at most now - D) and was not fed yet.</summary>
    public void FeedUntil(DateTimeOffset now)
    {
        var newest = now - _context.Delay;
        for (; _next <= newest; _next += _step)
        {
            _observe(_next, Peak(_next));
        }
    }

    // The largest reading in the step ending at end; missing when no reading in it is defined.
    private double? Peak(DateTimeOffset end)
    {
        double? peak = null;
        for (var s = end; s > end - _step; s -= _resolution)
        {
            if (_curve.Mean(s - _context.Window, s) is { } v && (peak is null || v > peak))
            {
                peak = v;
            }
        }

        return peak;
    }
}
