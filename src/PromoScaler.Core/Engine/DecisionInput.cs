using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Core.Engine;

/// <summary>Everything the engine needs for one decision. The engine reads nothing else: no clock, no I/O.</summary>
/// <param name="Policy">The validated policy.</param>
/// <param name="Target">What the target reports now.</param>
/// <param name="Readings">One reading per policy metric (a metric without a reading counts as missing).</param>
/// <param name="Forecast">The forecast, when the policy has a prediction block.</param>
/// <param name="Controls">Pause and operator overrides in force.</param>
/// <param name="State">What the previous decision remembered; <see cref="EngineState.Empty"/> after a lost store.</param>
/// <param name="Now">The decision instant.</param>
public sealed record DecisionInput(
    ScalingPolicy Policy,
    TargetObservation Target,
    IReadOnlyList<MetricReading> Readings,
    ForecastSignal? Forecast,
    OperatorControls Controls,
    EngineState State,
    DateTimeOffset Now)
{
    /// <summary>
    /// In calibrated sizing mode: one proposal per metric from its calibration model, fed the same readings
    /// (a valid metric without one proposes nothing and blocks scale-down). Ignored in target mode.
    /// </summary>
    public IReadOnlyList<CalibrationSignal>? Calibration { get; init; }

    /// <summary>
    /// With <c>trust.gate: decisions</c> (the default): the decision gate's verdict on the forecast
    /// (<see cref="Forecasting.ForecastGate.Verdict"/>); the forecast is used only when it has earned its place. Null
    /// (a caller that runs no gate) leaves the spec's error rule alone.
    /// </summary>
    public ForecastVerdict? ForecastVerdict { get; init; }

    /// <summary>
    /// For a VM group policy: what each pod policy it hosts asks of it this tick (decide those policies first; see
    /// <see cref="HostedPodDemand.From"/>). The group keeps at least the sum over them of <c>ceil(pods /
    /// podsPerNode)</c> nodes (reason <c>hostedPods</c>), so it scales down only after the pods have. Null or empty:
    /// no pods are hosted, or their counts are unknown (then only the node pre-warms hold nodes).
    /// </summary>
    public IReadOnlyList<HostedPodDemand>? HostedPods { get; init; }
}
