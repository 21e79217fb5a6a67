using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Simulation;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Drives one policy's <see cref="Core.Runtime.PolicyRuntime"/> (the object the daemon drives) over the scoring
/// range: at each tick the metrics read the delayed, windowed demand, the runtime feeds its models and decides from
/// the target's spec count and its own remembered state, and the simulated target carries the decision out. A policy targeting an HPA is replayed by <see cref="HpaFloorReplay"/>.
/// </summary>
internal static class PolicyReplay
{
    /// <param name="policy">The policy replayed.</param>
    /// <param name="context">The shared signal and grid.</param>
    /// <param name="foresight">Perfect foresight in place of the policy's model (<see cref="PerfectForecastFeed.For"/>); null: its own model, when it predicts.</param>
    /// <param name="decide">The decision engine.</param>
    /// <param name="progress">Receives the fraction of ticks done.</param>
    /// <param name="recording">What the run keeps. Default everything.</param>
    /// <param name="score">Fed every grid point as it is decided, when given.</param>
    /// <param name="fromStart">
    /// Tick every interval from <c>from</c> (a simulated HPA's sync loop: the baselines) rather than at the daemon's
    /// phase of the policy (<see cref="TickSchedule"/>).
    /// </param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public static ReplayRun Run(
        ScalingPolicy policy,
        ReplayContext context,
        IForecastFeed? foresight,
        Func<DecisionInput, Decision> decide,
        Action<double>? progress = null,
        ReplayRecording recording = ReplayRecording.Full,
        ScoreAccumulator? score = null,
        bool fromStart = false,
        CancellationToken cancellationToken = default)
    {
        if (policy.Spec.Target.Kind == TargetKind.HorizontalPodAutoscaler)
        {
            // The policy writes only the HPA's minReplicas: the workload is driven by a simulated HPA.
            return HpaFloorReplay.Run(policy, context, foresight, decide, progress, recording, score, cancellationToken);
        }

        var clock = new ReplayClock(policy, context.From, context.To, fromStart);
        var target = new SimulatedTarget(InitialReplicas(policy, context), policy.Spec.Startup);
        var runtime = ReplayRuntime.For(policy, context, foresight, decide);

        var records = recording == ReplayRecording.Full ? new TickLog(clock.Count) : TickLog.Empty;
        var learned = new List<WindowLearningPoint>();
        var points = new GridRecorder(context, recording, score);
        var reason = ReasonCode.Observed;
        var scaleEvents = 0;
        var reportEvery = Math.Max(1, clock.Count / 100);

        using var ticks = clock.GetEnumerator();
        var more = ticks.MoveNext();
        for (var i = 0; more; i++)
        {
            var t = ticks.Current;
            var (decision, signals) = ReplayRuntime.Tick(runtime, context, t, new TargetObservation(target.Requested, target.Requested, target.ReadyAt(t)));
            clock.Decided(policy, t, decision);
            if (decision.Action == DecisionAction.Scale && decision.Desired != target.Requested)
            {
                target.Set(decision.Desired, t);
                scaleEvents++;
            }

            reason = decision.Reason;
            if (recording == ReplayRecording.Full)
            {
                records.Add(t, decision.Components, target.Requested, reason, signals.Forecast?.Status);
                if (signals.Calibration?.FirstOrDefault(c => c.Window is not null) is { } inWindow)
                {
                    learned.Add(new WindowLearningPoint(t, inWindow.Window!, inWindow.WindowBeta, inWindow.WindowSamples, inWindow.WindowGrowth));
                }
            }

            // Grid points up to the next tick see this decision.
            more = ticks.MoveNext();
            points.FillUntil(more ? ticks.Current : context.To, target, reason);

            if (progress is not null && i % reportEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress(Math.Min(1, (double)i / clock.Count));
            }
        }

        progress?.Invoke(1.0);
        return new ReplayRun(policy.Name, records, points.Requested, points.Ready, points.Reasons, scaleEvents) { Learned = learned };
    }

    /// <summary>
    /// The count running when scoring starts: what the policy's metrics ask for at <c>from</c>
    /// (ceil(value / targetPerReplica), the largest), within min/max replicas, all ready. Every run starts from
    /// the count its own targets imply, so no run is handicapped by the starting point.
    /// </summary>
    internal static int InitialReplicas(ScalingPolicy policy, ReplayContext context)
    {
        var wanted = 0;
        foreach (var metric in policy.Spec.Metrics)
        {
            if (context.Signal(metric.Name, context.From) is { } value && value > 0)
            {
                wanted = Math.Max(wanted, (int)Math.Ceiling(value / metric.TargetPerReplica));
            }
        }

        var g = policy.Spec.Guardrails;
        return Math.Clamp(wanted, g.MinReplicas, g.MaxReplicas);
    }
}
