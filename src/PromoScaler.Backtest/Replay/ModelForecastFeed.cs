using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>The policy's own model: fed every step sample that exists by the tick, then asked for its forecast.</summary>
internal sealed class ModelForecastFeed : IForecastFeed
{
    private readonly Forecaster _forecaster;
    private readonly StepFeeder _feeder;

    public ModelForecastFeed(Forecaster forecaster, PredictionSpec prediction, ReplayContext context)
    {
        _forecaster = forecaster;
        _feeder = new StepFeeder(forecaster.Observe, prediction, context);
    }

    public ForecastSignal Read(DateTimeOffset now)
    {
        _feeder.FeedUntil(now);
        return _forecaster.Predict(now);
    }

    /// <summary>
    /// The feed a replay of <paramref name="policy"/> uses: null without prediction, perfect foresight when
    /// <paramref name="perfect"/> is given, else a fresh forecaster for the policy's model.
    /// </summary>
    public static IForecastFeed? For(ScalingPolicy policy, ReplayContext context, PerfectForecast? perfect = null)
    {
        if (policy.Spec.Prediction is not { Model: not ForecastModelKind.None } prediction)
        {
            return null;
        }

        return perfect is null
            ? new ModelForecastFeed(Forecaster.For(policy)!, prediction, context)
            : new PerfectForecastFeed(policy, context, perfect);
    }
}
