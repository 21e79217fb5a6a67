using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Simulation;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Replays a policy whose target is an HPA: the policy only writes a floor (the HPA's spec.minReplicas), and the
/// workload is driven by a simulated HPA whose minReplicas is that floor. Without the HPA the workload would only
/// ever run the floor.
/// </summary>
/// <remarks>
/// <para>The policy decides at its own ticks (interval and pre-warm edges) through the engine, seeing the floor it
/// last wrote as <c>current</c> and its maxReplicas as the HPA's. The HPA syncs every 15s from <c>from</c> and at every
/// policy tick (a change of the HPA object triggers a reconcile at once): HPA v2 defaults on the demand metric, as the
/// <c>hpa</c> baseline (<see cref="HpaBaseline"/>), through the same engine with its own remembered state.</para>
/// <para>When the workload runs fewer replicas than the floor, the HPA sets minReplicas at once, without reading
/// metrics or applying behaviors, and records no recommendation (the HPA controller's "current number of replicas
/// below Spec.MinReplicas" branch); the scale event is still recorded.</para>
/// </remarks>
internal static class HpaFloorReplay
{
    /// <inheritdoc cref="PolicyReplay.Run"/>
    public static ReplayRun Run(
        ScalingPolicy policy,
        ReplayContext context,
        IForecastFeed? forecastFeed,
        Func<DecisionInput, Decision> decide,
        Action<double>? progress,
        ReplayRecording recording,
        ScoreAccumulator? score,
        CancellationToken cancellationToken)
    {
        var metrics = policy.Spec.Metrics;
        var g = policy.Spec.Guardrails;
        var demandMetric = metrics.First(m => m.Name == context.DemandMetric);
        var hpaPolicies = new Dictionary<int, ScalingPolicy>();
        ScalingPolicy HpaAt(int floor)
        {
            if (!hpaPolicies.TryGetValue(floor, out var hpaPolicy))
            {
                hpaPolicy = HpaBaseline.For(policy, demandMetric, demandMetric.TargetPerReplica, floor);
                hpaPolicies.Add(floor, hpaPolicy);
            }

            return hpaPolicy;
        }

        var policyTicks = TickSchedule.For(policy, context.From, context.To);
        var hpaTicks = TickSchedule.For(HpaAt(g.MinReplicas), context.From, context.To);
        var tickCount = MergedCount(policyTicks, hpaTicks);
        var inputs = new TickInputs(policy, context, forecastFeed);

        // The HPA's spec.minReplicas before the first decision: the policy's own minReplicas.
        var floorWritten = g.MinReplicas;
        var workload = new SimulatedTarget(PolicyReplay.InitialReplicas(HpaAt(floorWritten), context), policy.Spec.Startup);

        var records = recording == ReplayRecording.Full ? new TickLog(tickCount) : TickLog.Empty;
        var points = new GridRecorder(context, recording, score);
        var hpaReadings = new MetricReading[1];
        var policyState = EngineState.Empty;
        var hpaState = EngineState.Empty;
        var policyComponents = new DecisionComponents(null, null, null, floorWritten);
        var policyReason = ReasonCode.Observed;
        ForecastStatus? forecastStatus = null;
        var scaleEvents = 0;
        var reportEvery = Math.Max(1, tickCount / 100);

        using var ticks = Merge(policyTicks, hpaTicks).GetEnumerator();
        var more = ticks.MoveNext();
        for (var i = 0; more; i++)
        {
            var (t, isPolicyTick) = ticks.Current;
            if (isPolicyTick)
            {
                var forecast = inputs.ReadAt(t);

                // current = the HPA's minReplicas last written; the floor never goes above the HPA's maxReplicas.
                var observation = new TargetObservation(floorWritten, workload.Requested, workload.ReadyAt(t), g.MaxReplicas);
                var decision = decide(new DecisionInput(policy, observation, inputs.Readings, forecast, OperatorControls.None, policyState, t));
                policyState = decision.State;
                if (decision.Action == DecisionAction.Scale)
                {
                    floorWritten = decision.Desired;
                }

                policyComponents = decision.Components;
                policyReason = decision.Reason;
                forecastStatus = forecast?.Status;
            }

            var current = workload.Requested;
            int desired;
            int? hpaReactive = null;
            ReasonCode reason;
            if (current < floorWritten)
            {
                // HPA: currentReplicas < minReplicas -> desired = minReplicas, no metrics, no behaviors, no recommendation.
                desired = floorWritten;
                var seeded = hpaState.IsEmpty ? hpaState with { Recommendations = [new TimestampedRecommendation(t, current)] } : hpaState;
                var hpaGuardrails = HpaAt(floorWritten).Spec.Guardrails;
                hpaState = seeded with
                {
                    ScaleEvents = ScaleEventHistory.Store(seeded.ScaleEvents, t, current, desired, hpaGuardrails.ScaleUp, hpaGuardrails.ScaleDown),
                    LastWritten = desired,
                };
                reason = policyReason;
            }
            else
            {
                hpaReadings[0] = context.ReadingAt(demandMetric.Name, t);
                var observation = new TargetObservation(current, current, workload.ReadyAt(t));
                var hpa = decide(new DecisionInput(HpaAt(floorWritten), observation, hpaReadings, null, OperatorControls.None, hpaState, t));
                hpaState = hpa.State;
                desired = hpa.Action == DecisionAction.Scale ? hpa.Desired : current;
                hpaReactive = hpa.Components.Reactive;
                // The floor determined the count when the HPA, left to itself, would ask for no more than the floor.
                reason = desired == floorWritten && hpa.Components.Raw <= floorWritten ? policyReason : hpa.Reason;
            }

            if (desired != current)
            {
                workload.Set(desired, t);
                scaleEvents++;
            }

            if (recording == ReplayRecording.Full)
            {
                var components = new DecisionComponents(hpaReactive, policyComponents.Predictive, policyComponents.Floor, policyComponents.Raw);
                records.Add(t, components, workload.Requested, reason, forecastStatus);
            }

            // Grid points up to the next tick see this count.
            more = ticks.MoveNext();
            points.FillUntil(more ? ticks.Current.At : context.To, workload, reason);

            if (progress is not null && i % reportEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress((double)i / tickCount);
            }
        }

        progress?.Invoke(1.0);
        return new ReplayRun(policy.Name, records, points.Requested, points.Ready, points.Reasons, scaleEvents);
    }

    /// <summary>Both schedules in ascending order, each instant once, marked when the policy decides at it.</summary>
    internal static IEnumerable<(DateTimeOffset At, bool PolicyTick)> Merge(IEnumerable<DateTimeOffset> policy, IEnumerable<DateTimeOffset> hpa)
    {
        using var p = policy.GetEnumerator();
        using var h = hpa.GetEnumerator();
        var hasP = p.MoveNext();
        var hasH = h.MoveNext();
        while (hasP || hasH)
        {
            if (hasP && (!hasH || p.Current <= h.Current))
            {
                if (hasH && h.Current == p.Current)
                {
                    hasH = h.MoveNext();
                }

                yield return (p.Current, true);
                hasP = p.MoveNext();
            }
            else
            {
                yield return (h.Current, false);
                hasH = h.MoveNext();
            }
        }
    }

    private static int MergedCount(IEnumerable<DateTimeOffset> policy, IEnumerable<DateTimeOffset> hpa)
    {
        var count = 0;
        foreach (var _ in Merge(policy, hpa))
        {
            count++;
        }

        return count;
    }
}
