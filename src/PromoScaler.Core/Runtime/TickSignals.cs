using PromoScaler.Core.Engine;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// What a policy's models say at one tick, from that tick's readings: everything a decision is made from besides
/// the target, the operator controls and the memory. A write conflict decides again from the same signals.
/// </summary>
/// <param name="Now">The decision instant.</param>
/// <param name="Readings">One reading per policy metric, in policy order.</param>
/// <param name="Forecast">The forecast; null when the policy does not predict.</param>
/// <param name="Verdict">The forecast gate's verdict; null when the policy runs no gate.</param>
/// <param name="Calibration">The calibrated proposals, in metric order; null in target mode.</param>
/// <param name="HistoryProblems">History reads that failed this tick (metric: why); empty when none.</param>
public sealed record TickSignals(
    DateTimeOffset Now,
    IReadOnlyList<MetricReading> Readings,
    ForecastSignal? Forecast,
    ForecastVerdict? Verdict,
    IReadOnlyList<CalibrationSignal>? Calibration,
    IReadOnlyList<HistoryProblem> HistoryProblems);

/// <summary>A history read that failed.</summary>
/// <param name="Metric">The policy metric.</param>
/// <param name="Model">What the read was for: <c>forecast</c> or <c>calibration</c>.</param>
/// <param name="Failure">Why it failed.</param>
public sealed record HistoryProblem(string Metric, string Model, string Failure);
