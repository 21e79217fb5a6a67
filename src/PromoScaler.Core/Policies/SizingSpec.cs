namespace PromoScaler.Core.Policies;

/// <summary>How a metric's value becomes a replica count (<c>spec.sizing.mode</c>).</summary>
public enum SizingMode
{
    /// <summary>Today's rule, HPA's: <c>ceil(value / targetPerReplica)</c> within tolerance (default).</summary>
    Target,

    /// <summary>
    /// Square-root staffing with a calibrated margin: <c>ceil(R + beta x sqrt(max(R, 1)))</c>, R = base /
    /// capacityPerReplica, where the base is the signal's trailing maximum over a hold chosen from the data and
    /// beta is the <c>coverage</c> quantile of the signal's recent normalised rises.
    /// </summary>
    Calibrated,
}

/// <summary><c>spec.sizing</c>: the sizing rule and, in calibrated mode, what it is calibrated to.</summary>
/// <param name="Mode">Target (default) or calibrated.</param>
/// <param name="Coverage">Fraction of time demand should fit ready capacity. Default 99%.</param>
/// <param name="Window">Calibration history. Default 24h.</param>
public sealed record SizingSpec(SizingMode Mode, Percentage Coverage, TimeSpan Window)
{
    /// <summary>Default coverage: 99%.</summary>
    public static Percentage DefaultCoverage { get; } = Percentage.FromPercent(99);

    /// <summary>Default calibration window: 24h.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromHours(24);

    /// <summary>A policy without a sizing block: target mode.</summary>
    public static SizingSpec Default { get; } = new(SizingMode.Target, DefaultCoverage, DefaultWindow);

    /// <summary>
    /// Calibrated sizing keeps its margin per load band (default true). Not a policy key: the backtest's
    /// <c>--disable bands</c> turns it off to measure what the bands do (one pooled margin, the rule before bands).
    /// </summary>
    public bool LoadBands { get; init; } = true;

    /// <summary>
    /// Calibrated sizing carries a rise beyond its margin forward (the burst rule, default true). Not a policy key: the
    /// backtest's <c>--disable burst</c> turns it off to measure what it does.
    /// </summary>
    public bool Burst { get; init; } = true;

    /// <summary>
    /// In calibrated mode, <c>targetPerReplica</c> defaults to this fraction of <c>capacityPerReplica</c> (the inverse
    /// of the target-mode default <c>capacityPerReplica = targetPerReplica / 0.8</c>); it serves the forecast's
    /// proposal and the backtest's HPA baseline only.
    /// </summary>
    public const double DefaultTargetFraction = 0.8;

    /// <summary>The calibration records one rise a minute (or one a tick, when the interval is longer).</summary>
    public static TimeSpan SamplePeriod { get; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The fewest samples whose conformal quantile at <paramref name="coverage"/> exists: the smallest n with
    /// ceil(coverage x (n + 1)) &lt;= n, i.e. n &gt;= coverage / (1 - coverage). Below it the fallback applies.
    /// </summary>
    public static int MinSamples(Percentage coverage)
    {
        var q = coverage.Fraction;
        var n = (int)Math.Ceiling((q / (1 - q)) - 1e-9);
        return Math.Max(n, 1);
    }
}
