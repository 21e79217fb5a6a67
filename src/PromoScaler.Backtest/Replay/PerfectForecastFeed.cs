using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Perfect foresight in place of the model (<see cref="PerfectForecast"/>): the same horizon and headroom as
/// <see cref="PromoScaler.Core.Forecasting.Forecaster"/>, but the values are read from the trace's future. Always
/// trusted (its error is 0); not ready where the trace has no value for the horizon.
/// </summary>
internal sealed class PerfectForecastFeed : IForecastFeed
{
    private const string ModelName = "perfect";

    private readonly DemandCurve _curve;
    private readonly TimeSpan _startup;
    private readonly TimeSpan _interval;
    private readonly long _stepTicks;
    private readonly TimeSpan _span;
    private readonly TimeSpan? _window;
    private readonly double _headroom;

    public PerfectForecastFeed(ScalingPolicy policy, ReplayContext context, PerfectForecast perfect)
    {
        var prediction = policy.Spec.Prediction!;
        _curve = context.Curves[prediction.Metric];
        _startup = policy.Spec.Startup;
        _interval = policy.Spec.Interval;
        _stepTicks = prediction.Step.Ticks;
        _span = TraceSteps.SampleSpan(prediction.Step, context);
        _window = perfect.Window;
        _headroom = prediction.Headroom.Fraction;
    }

    /// <summary>
    /// The foresight a replay of <paramref name="policy"/> uses: perfect foresight when <paramref name="perfect"/> is
    /// given and the policy predicts; else null (the policy's own model, or no forecast).
    /// </summary>
    public static IForecastFeed? For(ScalingPolicy policy, ReplayContext context, PerfectForecast? perfect) =>
        perfect is not null && policy.Spec.Prediction is { Model: not Core.Policies.ForecastModelKind.None }
            ? new PerfectForecastFeed(policy, context, perfect)
            : null;

    public ForecastSignal Read(DateTimeOffset now)
    {
        var from = now + _startup;
        var to = from + _interval;
        var value = _window is { } window ? CentredMean(from, to, window) : LargestSample(from, to);
        return value is { } v
            ? new ForecastSignal(ForecastStatus.Ready, v * (1 + _headroom), 0.0, ModelName)
            : new ForecastSignal(ForecastStatus.NotReady, null, null, ModelName);
    }

    // The samples the model would be asked for: stamped ceil(from / step) .. ceil(to / step), each the mean over its
    // span ending at its stamp (Forecaster.Predict and TraceSteps).
    private double? LargestSample(DateTimeOffset from, DateTimeOffset to)
    {
        double? largest = null;
        for (var i = CeilDiv(from.UtcTicks, _stepTicks); i <= CeilDiv(to.UtcTicks, _stepTicks); i++)
        {
            var stamp = new DateTimeOffset(i * _stepTicks, TimeSpan.Zero);
            if (_curve.Mean(stamp - _span, stamp) is not { } mean)
            {
                return null;
            }

            largest = Math.Max(largest ?? 0.0, mean);
        }

        return largest;
    }

    private double? CentredMean(DateTimeOffset from, DateTimeOffset to, TimeSpan window)
    {
        var centre = from + (to - from) / 2;
        return _curve.Mean(centre - window / 2, centre + window / 2);
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
