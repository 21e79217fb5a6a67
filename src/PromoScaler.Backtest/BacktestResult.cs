using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest;

/// <summary>Everything a backtest found: the policy's run and score, the HPA baseline, its frontier and the comparison.</summary>
/// <param name="Policy">The policy as replayed (ablations applied).</param>
/// <param name="Context">The shared signal, range and demand grid.</param>
/// <param name="CapacityPerReplica">C used for scoring.</param>
/// <param name="Run">The policy's run.</param>
/// <param name="Score">The policy's figures.</param>
/// <param name="Hpa">The HPA baseline aiming at the demand metric's targetPerReplica.</param>
/// <param name="HpaScore">Its figures.</param>
/// <param name="Frontier">HPA aiming at 20%, 25%, ... 100% of C; empty when the frontier was not asked for.</param>
/// <param name="Comparison">The policy against the frontier at equal cost.</param>
public sealed record BacktestResult(
    ScalingPolicy Policy,
    ReplayContext Context,
    double CapacityPerReplica,
    ReplayRun Run,
    ScoreCard Score,
    ReplayRun Hpa,
    ScoreCard HpaScore,
    IReadOnlyList<FrontierPoint> Frontier,
    FrontierComparison Comparison)
{
    /// <summary>The scored span in days (15s grid points).</summary>
    public double ScoredDays => Context.GridDemand.Length * BacktestSettings.GridStep.TotalSeconds / 86400;

    /// <summary>The fraction of scored time demand fit ready capacity: 1 - overloaded seconds / scored seconds.</summary>
    public double AchievedCoverage => 1 - (Score.OverloadedSeconds / (ScoredDays * 86400));

    /// <summary>Scale events of <paramref name="score"/> per scored day.</summary>
    public double EventsPerDay(ScoreCard score) => score.ScaleEvents / ScoredDays;
}
