using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Backtest.Traces;
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

    /// <summary>Every pre-warm and freeze occurrence in the range, scored (empty when the policy declares none).</summary>
    public IReadOnlyList<WindowScore> Windows { get; init; } = [];

    /// <summary>Holes in the trace and scored grid points without data.</summary>
    public DataQuality DataQuality { get; init; } = new([], 0, 0);

    /// <summary>For a pod policy with <c>hostedBy</c>: the node floor its counts put on its VM group; null otherwise.</summary>
    public NodeFloorReport? NodeFloor { get; init; }

    /// <summary>Replica-hours the HPA frontier spends at the policy's overloaded seconds; null outside the frontier.</summary>
    public double? HpaReplicaHoursAtEqualOverload => EqualOverload.HpaReplicaHours(Score.OverloadedSeconds, Frontier);

    /// <summary><c>budget.pricePerReplicaHour</c>, when the policy sets one: figures in replica-hours then have a price.</summary>
    public double? PricePerReplicaHour => Policy.Spec.Guardrails.Budget?.PricePerReplicaHour;
}
