namespace PromoScaler.Core.Engine;

/// <summary>State of a calibrated proposal handed to the engine.</summary>
public enum CalibrationStatus
{
    /// <summary>Enough samples: beta is the coverage quantile of the recent rises.</summary>
    Ready,

    /// <summary>Too few samples for the quantile: the stated conservative fallback sized the proposal.</summary>
    Fallback,

    /// <summary>The metric had no valid reading at this instant; the engine ignores the proposal.</summary>
    InputInvalid,
}

/// <summary>
/// The calibrated-sizing proposal for one metric at one decision, computed outside the engine by the metric's
/// calibration model (it keeps the recent signal and rises). Everything the explanation shows comes from here.
/// </summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Status">Whether the engine may use <paramref name="Replicas"/>.</param>
/// <param name="Replicas">ceil(R + beta x sqrt(max(R, 1))), at least 0.</param>
/// <param name="Signal">The metric value the model read at this instant.</param>
/// <param name="Load">R: the base (trailing maximum of the signal over the hold) / capacityPerReplica.</param>
/// <param name="Hold">The chosen hold (the trailing-maximum span).</param>
/// <param name="HoldText">The chosen hold and the runner-up, for the explanation (e.g. <c>5m (runner-up 10m)</c>).</param>
/// <param name="Beta">The margin in units of sqrt(max(R, 1)).</param>
/// <param name="Samples">Rises in the calibration window.</param>
/// <param name="Headroom">Replicas above R: beta x sqrt(max(R, 1)).</param>
/// <param name="Cost">The chosen hold's mean capacity over the window plus its change cost, in replicas.</param>
/// <param name="RunnerUpCost">The next cheapest hold's cost, when there is one.</param>
/// <param name="RealisedCoverage">Fraction of the window's rises the chosen hold's counts covered (null before any).</param>
/// <param name="TargetCoverage">The policy's coverage as a fraction.</param>
/// <param name="Band">The load band of R, e.g. <c>2 &lt;= R &lt; 4</c> (empty when not sized).</param>
/// <param name="BandSamples">Rises the chosen hold recorded in that band.</param>
/// <param name="BandBeta">True when beta is the band's own quantile; false when the band had too few rises and beta is pooled over all bands (or the fallback).</param>
/// <param name="Sized">The count R and beta size before the scale-down hold (<paramref name="Replicas"/> is at least this; null: no hold).</param>
/// <param name="ScaleDownHold">How long a lower count must be proposed before <paramref name="Replicas"/> falls.</param>
public sealed record CalibrationSignal(
    string Metric,
    CalibrationStatus Status,
    int Replicas,
    double Signal,
    double Load,
    TimeSpan Hold,
    string HoldText,
    double Beta,
    int Samples,
    double Headroom,
    double Cost,
    double? RunnerUpCost,
    double? RealisedCoverage,
    double TargetCoverage,
    string Band = "",
    int BandSamples = 0,
    bool BandBeta = false,
    int? Sized = null,
    TimeSpan ScaleDownHold = default)
{
    /// <summary>The pre-warm window active now, whose remembered rises bound beta from below (null: none).</summary>
    public string? Window { get; init; }

    /// <summary>The in-window beta (the coverage quantile of the rises remembered inside this policy's windows); null when none.</summary>
    public double? WindowBeta { get; init; }

    /// <summary>Rises remembered inside this policy's pre-warm windows.</summary>
    public int WindowSamples { get; init; }

    /// <summary>
    /// Inside a pre-warm window, the growth (replicas) added to R for the trend: how far the signal rose over the
    /// last re-add horizon (lag + startup + interval), extrapolated over the next one; 0 when it did not rise.
    /// </summary>
    public double WindowGrowth { get; init; }

    /// <summary>The horizon the in-window growth is measured over and extrapolated to (lag + startup + interval).</summary>
    public TimeSpan GrowthHorizon { get; init; }

    /// <summary>The band's beta before the in-window one was applied (NaN when not given).</summary>
    public double BandBetaValue { get; init; } = double.NaN;

    /// <summary>
    /// The burst rule's growth (replicas) added to R: the signal's rise from the lowest reading of the last re-add
    /// horizon, when it exceeds the margin; 0 otherwise.
    /// </summary>
    public double BurstGrowth { get; init; }

    /// <summary>The metric's sample period observed, part of <see cref="ScaleDownHold"/> (0: every reading is new).</summary>
    public TimeSpan SamplePeriod { get; init; }
}
