using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// How a driver's readings relate to the demand they measure, and where a <see cref="PolicyRuntime"/> reads history
/// from. The daemon and the backtest differ only here; the models, which a policy gets and how each is fed are the
/// runtime's own.
/// </summary>
public sealed record RuntimeSettings
{
    /// <summary>
    /// What an instant read at each stamp returned (a calibrated policy's models are warmed from it at their first
    /// tick, over the calibration window on the interval grid).
    /// </summary>
    public required IMetricHistory History { get; init; }

    /// <summary>The prediction metric's step samples the forecaster is fed; null: <see cref="History"/> at resolution <c>step</c>.</summary>
    public IMetricHistory? StepHistory { get; init; }

    /// <summary>
    /// How old the demand a reading stamped t measures is (metric delay + half the rate window), for the models that
    /// judge a decision by the demand that followed it (the calibrated sizers, the forecast gate). Default 0: the
    /// daemon stamps a reading when it is read and cannot know the query's window, so the lag stays inside the
    /// readings.
    /// </summary>
    public TimeSpan SignalLag { get; init; }

    /// <summary>How long after its stamp a step sample exists (the metric delay). Default 0.</summary>
    public TimeSpan SampleDelay { get; init; }

    /// <summary>
    /// A forecast from outside in place of the policy's model (the backtest's perfect foresight): used as given,
    /// never gated. Null: the policy's own model.
    /// </summary>
    public Func<DateTimeOffset, ForecastSignal>? Foresight { get; init; }

    /// <summary>The decision engine; <see cref="DecisionEngine.Decide"/> unless a test or an ablation replaces it.</summary>
    public Func<DecisionInput, Decision> Engine { get; init; } = DecisionEngine.Decide;
}
