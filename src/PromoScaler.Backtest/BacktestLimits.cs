namespace PromoScaler.Backtest;

/// <summary>
/// The stated limits of a backtest, checked before any work so that a mistyped range or flag is refused at once
/// instead of allocating until the machine runs out of memory (docs/policy.md, "Limits").
/// </summary>
public static class BacktestLimits
{
    /// <summary>The longest scored range: 366 days, a year of sales with a leap day.</summary>
    public static readonly TimeSpan MaxScoredRange = TimeSpan.FromDays(366);

    /// <summary>Scoring grid points in <see cref="MaxScoredRange"/> at the 15s grid (2,108,160).</summary>
    public static readonly int MaxGridPoints = (int)(MaxScoredRange / Replay.BacktestSettings.GridStep);

    /// <summary>The largest metric delay D and metric window W: a day (a reading older or wider than that is no reading).</summary>
    public static readonly TimeSpan MaxMetricLag = TimeSpan.FromDays(1);

    /// <summary>The longest query_range step of a backtest from Prometheus: a day.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(1);

    /// <summary>The most rows a trace may hold, from a CSV or from Prometheus (a year at one row every 3.2 seconds).</summary>
    public const int MaxTraceRows = 10_000_000;
}
