namespace PromoScaler.Core.Engine;

/// <summary>
/// The reason vocabulary. Every explanation step and every decisions.csv row carries one of these, written in
/// camelCase (<see cref="ReasonCodes.ToCode"/>). The list is documented in docs/reasons.md; adding a code is
/// fine, renaming one breaks users' dashboards and alerts.
/// </summary>
public enum ReasonCode
{
    // Observation
    Observed,
    ExternalChange,
    TargetScaledToZero,
    StateSeeded,
    ResumeReseeded,
    ZeroByOverride,
    ZeroOverrideEnded,
    ZeroResumed,

    // Signals (step 1): valid, or why not
    MetricValid,
    NoData,
    MultipleSeries,
    NotANumber,
    Infinite,
    Negative,
    AboveMaxValue,
    Stale,
    Incomplete,
    QueryError,
    ReadFailed,
    Timeout,
    CircuitOpen,

    // Reactive (step 2)
    ReactiveProposal,
    WithinTolerance,
    NoValidMetrics,
    HoldOnMissingMetrics,
    FallbackScaleUp,
    CalibratedProposal,
    CalibrationFallback,
    CalibrationMargin,
    CalibrationBand,
    CalibrationBandPooled,
    CalibrationWindow,
    CalibrationWindowTrend,
    CalibrationBurst,
    CalibrationScaleDownHeld,
    CalibrationHold,
    CalibrationCoverage,
    CalibrationMissing,

    // Predictive (step 3)
    ForecastUsed,
    ForecastNotReady,
    ForecastUntrusted,
    ForecastInputInvalid,
    ForecastWithinTolerance,
    ForecastInvalid,
    ForecastEarned,
    ForecastNotEarned,
    ForecastShortLead,

    // Floors (step 4)
    PrewarmFloor,
    PrewarmBaselineUnknown,
    PrewarmClampedToMax,
    FloorOverride,
    HostedPrewarm,
    HostedPods,
    HostedFloorClampedToMax,

    // Raw desired (step 5)
    RawDesired,

    // Guardrails (step 6)
    Stabilized,
    ScaleUpLimited,
    ScaleDownLimited,
    ScaleUpDisabled,
    ScaleDownDisabled,
    FreezeWindow,
    FreezeOverride,
    BudgetCapped,
    BudgetExceededByFloor,
    InvalidMetricBlocksScaleDown,
    MinReplicas,

    // Operator (step 7)
    CeilingOverride,
    PinOverride,

    // maxReplicas (step 8)
    MaxReplicas,
    HpaMaxBelowFloor,

    // Outcome (step 9)
    ScaleUp,
    ScaleDown,
    NoChange,
    Paused,
    DryRun,
    HostedByGroup,
}

/// <summary>The stable text form of <see cref="ReasonCode"/>.</summary>
public static class ReasonCodes
{
    private static readonly string[] Codes = Enum.GetNames<ReasonCode>()
        .Select(n => char.ToLowerInvariant(n[0]) + n[1..])
        .ToArray();

    /// <summary>camelCase, e.g. <c>prewarmBaselineUnknown</c>.</summary>
    public static string ToCode(this ReasonCode code) => Codes[(int)code];
}
