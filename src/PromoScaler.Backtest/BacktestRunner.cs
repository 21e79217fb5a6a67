using System.Globalization;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest;

/// <summary>
/// Runs a backtest: checks the trace against the policy and the flags, replays the policy and the HPA baseline
/// (and its frontier) through the same decision engine on the same signal, and scores them. Pure computation:
/// it writes nothing (see <see cref="Reports.BacktestReportWriter"/>).
/// </summary>
public sealed partial class BacktestRunner
{
    /// <summary>The progress name of the replays without each window.</summary>
    private const string WithoutWindowsRun = "without each window";

    private readonly Func<DecisionInput, Decision> _decide;

    /// <summary>A runner driving <see cref="DecisionEngine.Decide"/>.</summary>
    public BacktestRunner()
        : this(DecisionEngine.Decide)
    {
    }

    /// <summary>A runner driving <paramref name="decide"/> (tests substitute a hand-checkable engine).</summary>
    internal BacktestRunner(Func<DecisionInput, Decision> decide) => _decide = decide;

    /// <summary>Checks everything and resolves the range, the demand metric and C, without running anything.</summary>
    /// <exception cref="TraceFormatException">The trace lacks a metric column or does not cover the range.</exception>
    /// <exception cref="BacktestInputException">A flag does not fit the policy.</exception>
    public static ReplayContext Prepare(ScalingPolicy policy, Trace trace, BacktestSettings settings, out double capacityPerReplica)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(settings);

        var metrics = policy.Spec.Metrics;
        var demandName = settings.DemandMetric ?? PredictionMetric(policy) ?? metrics[0].Name;
        var demandMetric = metrics.FirstOrDefault(m => m.Name == demandName)
            ?? throw new BacktestInputException($"--demand-metric: policy {policy.Name} has no metric \"{demandName}\" (it has {string.Join(", ", metrics.Select(m => m.Name))})");
        var curves = Curves(policy, trace);
        CheckLag("--metric-delay", settings.Delay);
        CheckLag("--metric-window", settings.Window);
        CheckPerfectForecast(policy, settings);
        var (from, to) = ScoredRange(trace, settings);

        capacityPerReplica = settings.CapacityPerReplica ?? demandMetric.EffectiveCapacityPerReplica;
        if (!(capacityPerReplica > 0) || double.IsInfinity(capacityPerReplica))
        {
            throw new BacktestInputException($"--capacity-per-replica: {capacityPerReplica.ToString(CultureInfo.InvariantCulture)} must be a positive number");
        }

        return new ReplayContext(curves, demandName, trace.First, from, to, settings.Delay, settings.Window);
    }

    /// <summary>Checks everything and resolves the range, the demand metric and C: what <see cref="Run(PreparedBacktest, bool, IProgress{BacktestProgress}?, bool, CancellationToken)"/> runs.</summary>
    /// <exception cref="TraceFormatException">The trace lacks a metric column or does not cover the range.</exception>
    /// <exception cref="BacktestInputException">A flag does not fit the policy.</exception>
    /// <exception cref="BacktestInputException">More than half of the scored range has no data, and gaps are not allowed.</exception>
    public static PreparedBacktest Prepare(ScalingPolicy policy, Trace trace, BacktestSettings settings)
    {
        var context = Prepare(policy, trace, settings, out var capacity);
        var quality = DataQuality.Of(context);
        quality.EnsureEnoughData(context, settings.AllowGaps);
        CapacityBounds.Check(context, capacity, settings.CapacityPerReplica is null ? $"the capacityPerReplica of metric {context.DemandMetric}" : "--capacity-per-replica");
        return new PreparedBacktest(policy, settings, context, capacity) { DataQuality = quality };
    }

    /// <summary>Runs the backtest.</summary>
    /// <param name="policy">The policy as loaded.</param>
    /// <param name="trace">The demand trace.</param>
    /// <param name="settings">Range, signal and ablations.</param>
    /// <param name="withFrontier">Also run the HPA frontier (17 more runs). Default true.</param>
    /// <param name="progress">Receives progress of the runs.</param>
    /// <param name="withWindows">
    /// Also score every announced window, replaying the policy once more without each window entry. Default true.
    /// </param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public BacktestResult Run(
        ScalingPolicy policy,
        Trace trace,
        BacktestSettings settings,
        bool withFrontier = true,
        IProgress<BacktestProgress>? progress = null,
        bool withWindows = true,
        CancellationToken cancellationToken = default) =>
        Run(Prepare(policy, trace, settings), withFrontier, progress, withWindows, cancellationToken);

    /// <summary>Runs a backtest prepared by <see cref="Prepare(ScalingPolicy, Trace, BacktestSettings)"/>.</summary>
    /// <param name="prepared">The checked inputs.</param>
    /// <param name="withFrontier">Also run the HPA frontier (17 more runs). Default true.</param>
    /// <param name="progress">Receives progress of the runs.</param>
    /// <param name="withWindows">
    /// Also score every announced window, replaying the policy once more without each window entry. Default true.
    /// </param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public BacktestResult Run(
        PreparedBacktest prepared,
        bool withFrontier = true,
        IProgress<BacktestProgress>? progress = null,
        bool withWindows = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var (policy, settings, context, capacity) = prepared;
        var replayed = Ablate(policy, settings.Disabled);
        progress = TallyProgress(progress, replayed, context, withFrontier, withWindows);
        var forecast = PerfectForecastFeed.For(replayed, context, settings.PerfectForecast);
        // The oracle's cost is the same for every run: computed once, not nineteen times.
        var oracle = Scorer.OracleReplicaHours(context.GridDemand, capacity);
        var run = PolicyReplay.Run(replayed, context, forecast, _decide, f => progress?.Report(new BacktestProgress(policy.Name, f)), cancellationToken: cancellationToken);
        var score = Scorer.Score(run, context, capacity, oracle);

        // The baseline keeps only its per-point counts (the chart draws its capacity), not its decisions.
        var demandMetric = policy.Spec.Metrics.First(m => m.Name == context.DemandMetric);
        var hpaPolicy = HpaBaseline.For(replayed, demandMetric, demandMetric.TargetPerReplica);
        var hpa = PolicyReplay.Run(hpaPolicy, context, null, _decide, f => progress?.Report(new BacktestProgress("hpa", f)), ReplayRecording.Grid, fromStart: true, cancellationToken: cancellationToken);
        var hpaScore = Scorer.Score(hpa, context, capacity, oracle);

        var occurrences = withWindows ? WindowOccurrence.Between(replayed, context.From, context.To) : [];
        var frontier = withFrontier ? RunFrontier(replayed, demandMetric, context, capacity, oracle, WindowScorer.Stretches(context, occurrences), progress, cancellationToken) : [];
        var comparison = FrontierComparison.Compare(score.ReplicaHours, score.OverloadedSeconds, frontier);
        var windows = withWindows ? ScoreWindows(replayed, context, capacity, run, hpa, occurrences, frontier, settings, progress, cancellationToken) : [];
        return new BacktestResult(replayed, context, capacity, run, score, hpa, hpaScore, frontier, comparison)
        {
            Windows = windows,
            DataQuality = prepared.DataQuality,
            NodeFloor = NodeFloorReport.For(replayed, run, context, prepared.HostGroup),
        };
    }

    /// <summary>Counts every run's ticks up front, so progress can tell the ticks done over the whole backtest.</summary>
    private static IProgress<BacktestProgress>? TallyProgress(IProgress<BacktestProgress>? progress, ScalingPolicy policy, ReplayContext context, bool withFrontier, bool withWindows)
    {
        if (progress is null)
        {
            return null;
        }

        long policyTicks = TickSchedule.For(policy, context.From, context.To).Count;
        var hpaTicks = (long)Math.Ceiling((context.To - context.From) / HpaBaseline.SyncPeriod);
        var entries = withWindows ? WindowOccurrence.Between(policy, context.From, context.To).DistinctBy(o => (o.Kind, o.Entry)).Count() : 0;
        return ProgressTally.Wrap(
            progress,
            (policy.Name, policyTicks),
            ("hpa", hpaTicks),
            ("hpa frontier", withFrontier ? HpaBaseline.FrontierFractions.Count * hpaTicks : 0),
            (WithoutWindowsRun, entries * policyTicks));
    }

    /// <summary>
    /// Scores every pre-warm and freeze occurrence in the range; each window entry costs one more replay of the policy
    /// without it, for the window's extra replica-hours.
    /// </summary>
    private IReadOnlyList<WindowScore> ScoreWindows(
        ScalingPolicy policy,
        ReplayContext context,
        double capacity,
        ReplayRun run,
        ReplayRun hpa,
        IReadOnlyList<WindowOccurrence> occurrences,
        IReadOnlyList<FrontierPoint> frontier,
        BacktestSettings settings,
        IProgress<BacktestProgress>? progress,
        CancellationToken cancellationToken)
    {
        var entries = occurrences.DistinctBy(o => (o.Kind, o.Entry)).ToArray();
        var without = new int[entries.Length][];
        var done = 0;
        Parallel.For(
            0,
            entries.Length,
            new ParallelOptions { CancellationToken = cancellationToken },
            i =>
            {
                var counterfactual = WindowScorer.Without(policy, entries[i]);
                var forecast = PerfectForecastFeed.For(counterfactual, context, settings.PerfectForecast);
                without[i] = PolicyReplay.Run(counterfactual, context, forecast, _decide, null, ReplayRecording.Grid, cancellationToken: cancellationToken).Requested;
                progress?.Report(new BacktestProgress(WithoutWindowsRun, (double)Interlocked.Increment(ref done) / entries.Length));
            });
        var byEntry = entries.Select((e, i) => ((e.Kind, e.Entry), without[i])).ToDictionary(p => p.Item1, p => p.Item2);
        return WindowScorer.Score(context, capacity, run, hpa, occurrences, o => byEntry[(o.Kind, o.Entry)], policy.Spec.Guardrails.MaxReplicas, frontier);
    }

    /// <summary>The policy with the ablated parts removed; dryRun is ignored, since a backtest simulates the writes.</summary>
    internal static ScalingPolicy Ablate(ScalingPolicy policy, Ablation disabled)
    {
        var spec = policy.Spec with { DryRun = false };
        if (disabled.HasFlag(Ablation.Forecast))
        {
            spec = spec with { Prediction = null };
        }

        if (disabled.HasFlag(Ablation.Gating) && spec.Prediction is { } gated)
        {
            // No error is too large (the forecaster reports Ready and the engine's own check agrees) and no decision
            // gate runs.
            spec = spec with { Prediction = gated with { Trust = gated.Trust with { MaxError = Percentage.FromFraction(double.PositiveInfinity), Gate = TrustGate.Error } } };
        }

        if (disabled.HasFlag(Ablation.Prewarm))
        {
            spec = spec with { Prewarm = [], HostedPrewarm = [] };
        }

        if (disabled.HasFlag(Ablation.Bands))
        {
            spec = spec with { Sizing = spec.Sizing with { LoadBands = false } };
        }

        if (disabled.HasFlag(Ablation.Burst))
        {
            spec = spec with { Sizing = spec.Sizing with { Burst = false } };
        }

        if (spec.Prediction is { } prediction && string.IsNullOrEmpty(prediction.Metric))
        {
            spec = spec with { Prediction = prediction with { Metric = spec.Metrics[0].Name } };
        }

        return policy with { Spec = spec };
    }

    private static void CheckLag(string flag, TimeSpan lag)
    {
        if (lag < TimeSpan.Zero || lag > BacktestLimits.MaxMetricLag)
        {
            throw new BacktestInputException($"{flag}: {Core.Policies.Duration.Format(lag)} is outside 0s..{Core.Policies.Duration.Format(BacktestLimits.MaxMetricLag)}");
        }
    }

    private static string? PredictionMetric(ScalingPolicy policy) =>
        policy.Spec.Prediction is { Model: not ForecastModelKind.None, Metric: { Length: > 0 } metric } ? metric : null;
}
