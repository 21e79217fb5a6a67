using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest;

/// <summary>The sweeps a backtest runs beside its replay: the policy's own coverage sweep and the HPA frontier.</summary>
public sealed partial class BacktestRunner
{
    /// <summary>
    /// Replays the calibrated policy of <paramref name="result"/> at each of <paramref name="coverages"/> on the same
    /// signal and scores each against the result's HPA frontier: the policy's own cost/overload trade-off.
    /// </summary>
    /// <exception cref="BacktestInputException">The policy does not size in calibrated mode.</exception>
    public IReadOnlyList<CoveragePoint> RunCoverageSweep(
        BacktestResult result,
        IReadOnlyList<Percentage> coverages,
        IProgress<BacktestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(coverages);
        var policy = result.Policy;
        if (policy.Spec.Sizing.Mode != SizingMode.Calibrated)
        {
            throw new BacktestInputException($"--coverage-sweep: policy {policy.Name} does not size in calibrated mode (spec.sizing.mode)");
        }

        var samples = policy.Spec.Sizing.Window.Ticks / SizingSpec.SamplePeriod.Ticks;
        foreach (var coverage in coverages)
        {
            if (!(coverage.Fraction >= 0.5 && coverage.Fraction <= 0.99991) || SizingSpec.MinSamples(coverage) > samples)
            {
                throw new BacktestInputException($"--coverage-sweep: {coverage} must be within 50%..99.99% and fit the window {Duration.Format(policy.Spec.Sizing.Window)} ({samples} one-minute samples; {coverage} needs {SizingSpec.MinSamples(coverage)})");
            }
        }

        var context = result.Context;
        var scored = context.GridDemand.Length * BacktestSettings.GridStep.TotalSeconds;
        var points = new CoveragePoint[coverages.Count];
        var done = 0;
        Parallel.For(
            0,
            coverages.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            i =>
            {
                var swept = policy with { Spec = policy.Spec with { Sizing = policy.Spec.Sizing with { Coverage = coverages[i] } } };
                var score = new ScoreAccumulator(context.GridDemand, result.CapacityPerReplica);
                var run = PolicyReplay.Run(swept, context, null, _decide, null, ReplayRecording.None, score, cancellationToken: cancellationToken);
                var card = score.ToScoreCard(result.Score.OracleReplicaHours, run.ScaleEvents);
                var comparison = FrontierComparison.Compare(card.ReplicaHours, card.OverloadedSeconds, result.Frontier);
                points[i] = new CoveragePoint(coverages[i], card, 1 - (card.OverloadedSeconds / scored), comparison);
                progress?.Report(new BacktestProgress("coverage sweep", (double)Interlocked.Increment(ref done) / coverages.Count));
            });
        return points;
    }

    private FrontierPoint[] RunFrontier(
        ScalingPolicy policy,
        MetricSpec demandMetric,
        ReplayContext context,
        double capacity,
        double oracle,
        IReadOnlyList<GridStretch> windows,
        IProgress<BacktestProgress>? progress,
        CancellationToken cancellationToken)
    {
        var fractions = HpaBaseline.FrontierFractions;
        var points = new FrontierPoint[fractions.Count];
        var done = 0;
        // The runs are independent; they share only read-only data (curves, demand grid).
        Parallel.For(
            0,
            fractions.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            i =>
            {
                var target = fractions[i] * capacity;
                // Only the figures matter here: each run is scored as it is replayed (over the whole range and over
                // each window's span) and keeps nothing per point.
                var score = new ScoreAccumulator(context.GridDemand, capacity, windows);
                var run = PolicyReplay.Run(HpaBaseline.For(policy, demandMetric, target), context, null, _decide, null, ReplayRecording.None, score, fromStart: true, cancellationToken);
                points[i] = new FrontierPoint(fractions[i], target, score.ToScoreCard(oracle, run.ScaleEvents)) { Windows = score.StretchScores() };
                progress?.Report(new BacktestProgress("hpa frontier", (double)Interlocked.Increment(ref done) / fractions.Count));
            });
        return points;
    }
}
