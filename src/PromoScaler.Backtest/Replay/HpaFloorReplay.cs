using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Simulation;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// Replays a policy whose target is an HPA: the policy only writes a floor (the HPA's spec.minReplicas), and the
/// workload is driven by a simulated HPA whose minReplicas is that floor. Without the HPA the workload would only
/// ever run the floor.
/// </summary>
/// <remarks>
/// <para>The policy decides at the daemon's ticks (<c>from</c>, its interval slots at its phase, window edges and step
/// follow-ups: <see cref="ReplayClock"/>) through the engine, seeing the floor it last wrote as <c>current</c> and its maxReplicas as the HPA's. The HPA syncs every 15s from <c>from</c> and whenever
/// the policy writes a new floor (a change of the HPA object triggers a reconcile at once): HPA v2 defaults on the demand metric, as the
/// <c>hpa</c> baseline (<see cref="HpaBaseline"/>), through the same engine with its own remembered state.</para>
/// <para>When the workload runs fewer replicas than the floor, the HPA sets minReplicas at once, without reading
/// metrics or applying behaviors, and records no recommendation (the HPA controller's "current number of replicas
/// below Spec.MinReplicas" branch); the scale event is still recorded.</para>
/// </remarks>
internal static class HpaFloorReplay
{
    /// <summary>See <see cref="PolicyReplay.Run"/>: the policy at the daemon's ticks, the HPA syncing every 15s from <c>from</c>.</summary>
    public static ReplayRun Run(
        ScalingPolicy policy,
        ReplayContext context,
        IForecastFeed? foresight,
        Func<DecisionInput, Decision> decide,
        Action<double>? progress,
        ReplayRecording recording,
        ScoreAccumulator? score,
        CancellationToken cancellationToken)
    {
        var run = new FloorAndHpa(policy, context, foresight, decide);
        var policyTicks = new ReplayClock(policy, context.From, context.To);
        var hpaTicks = TickSchedule.FromStart(run.HpaAt(policy.Spec.Guardrails.MinReplicas), context.From, context.To);
        var tickCount = MergedCount(policyTicks, hpaTicks);
        var records = recording == ReplayRecording.Full ? new TickLog(tickCount) : TickLog.Empty;
        var points = new GridRecorder(context, recording, score);
        var scaleEvents = 0;
        var reportEvery = Math.Max(1, tickCount / 100);

        using var ticks = Merge(policyTicks, hpaTicks).GetEnumerator();
        var more = ticks.MoveNext();
        for (var i = 0; more; i++)
        {
            var tick = ticks.Current;
            var (hpaReactive, reason, scaled) = run.Tick(tick, policyTicks);
            scaleEvents += scaled ? 1 : 0;
            if (recording == ReplayRecording.Full)
            {
                var p = run.PolicyComponents;
                records.Add(tick.At, new DecisionComponents(hpaReactive, p.Predictive, p.Floor, p.Raw), run.Workload.Requested, reason, run.ForecastStatus);
            }

            // Grid points up to the next tick see this count.
            more = ticks.MoveNext();
            points.FillUntil(more ? ticks.Current.At : context.To, run.Workload, reason);

            if (progress is not null && i % reportEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress(Math.Min(1, (double)i / tickCount));
            }
        }

        progress?.Invoke(1.0);
        return new ReplayRun(policy.Name, records, points.Requested, points.Ready, points.Reasons, scaleEvents);
    }

    /// <summary>Both schedules in ascending order, each instant once, marked with who acts at it (the policy, the HPA's sync, or both).</summary>
    internal static IEnumerable<MergedTick> Merge(IEnumerable<DateTimeOffset> policy, IEnumerable<DateTimeOffset> hpa)
    {
        using var p = policy.GetEnumerator();
        using var h = hpa.GetEnumerator();
        var hasP = p.MoveNext();
        var hasH = h.MoveNext();
        while (hasP || hasH)
        {
            if (hasP && (!hasH || p.Current <= h.Current))
            {
                var both = hasH && h.Current == p.Current;
                if (both)
                {
                    hasH = h.MoveNext();
                }

                yield return new MergedTick(p.Current, PolicyTick: true, HpaSync: both);
                hasP = p.MoveNext();
            }
            else
            {
                yield return new MergedTick(h.Current, PolicyTick: false, HpaSync: true);
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

    /// <summary>The policy writing the floor and the simulated HPA under it, each with its own remembered state.</summary>
    private sealed class FloorAndHpa
    {
        private readonly ScalingPolicy _policy;
        private readonly ReplayContext _context;
        private readonly Func<DecisionInput, Decision> _decide;
        private readonly PolicyRuntime _runtime;
        private readonly MetricSpec _demandMetric;
        private readonly Dictionary<int, ScalingPolicy> _hpaPolicies = [];
        private readonly MetricReading[] _hpaReadings = new MetricReading[1];
        private EngineState _hpaState = EngineState.Empty;
        private ReasonCode _policyReason = ReasonCode.Observed;
        private int _floorWritten;
        private int? _lastHpaReactive;
        private ReasonCode _lastReason = ReasonCode.Observed;

        public FloorAndHpa(ScalingPolicy policy, ReplayContext context, IForecastFeed? foresight, Func<DecisionInput, Decision> decide)
        {
            _policy = policy;
            _context = context;
            _decide = decide;
            _runtime = ReplayRuntime.For(policy, context, foresight, decide);
            _demandMetric = policy.Spec.Metrics.First(m => m.Name == context.DemandMetric);

            // The HPA's spec.minReplicas before the first decision: the policy's own minReplicas.
            _floorWritten = policy.Spec.Guardrails.MinReplicas;
            PolicyComponents = new DecisionComponents(null, null, null, _floorWritten);
            Workload = new SimulatedTarget(PolicyReplay.InitialReplicas(HpaAt(_floorWritten), context), policy.Spec.Startup);
        }

        public SimulatedTarget Workload { get; }

        public DecisionComponents PolicyComponents { get; private set; }

        public ForecastStatus? ForecastStatus { get; private set; }

        /// <summary>The simulated HPA with <paramref name="floor"/> as its minReplicas (one policy per floor, reused).</summary>
        public ScalingPolicy HpaAt(int floor)
        {
            if (!_hpaPolicies.TryGetValue(floor, out var hpaPolicy))
            {
                hpaPolicy = HpaBaseline.For(_policy, _demandMetric, _demandMetric.TargetPerReplica, floor);
                _hpaPolicies.Add(floor, hpaPolicy);
            }

            return hpaPolicy;
        }

        /// <summary>The policy decides the floor; current is the minReplicas it last wrote, never above the HPA's maxReplicas.</summary>
        public Decision PolicyDecides(DateTimeOffset t)
        {
            var observation = new TargetObservation(_floorWritten, Workload.Requested, Workload.ReadyAt(t), _policy.Spec.Guardrails.MaxReplicas);
            var (decision, signals) = ReplayRuntime.Tick(_runtime, _context, t, observation);
            if (decision.Action == DecisionAction.Scale)
            {
                _floorWritten = decision.Desired;
            }

            PolicyComponents = decision.Components;
            _policyReason = decision.Reason;
            ForecastStatus = signals.Forecast?.Status;
            return decision;
        }

        /// <summary>
        /// One merged tick: the policy decides at its own ticks; the HPA syncs at its 15s ticks and whenever the policy
        /// wrote a new floor (a change of the HPA object makes the controller reconcile at once), not at a policy tick
        /// that changed nothing. Returns the HPA's last reactive proposal, the reason of the count, and whether the
        /// workload was scaled.
        /// </summary>
        public (int? HpaReactive, ReasonCode Reason, bool Scaled) Tick(MergedTick tick, ReplayClock policyTicks)
        {
            var floorBefore = _floorWritten;
            if (tick.PolicyTick)
            {
                policyTicks.Decided(_policy, tick.At, PolicyDecides(tick.At));
            }

            if (!tick.HpaSync && _floorWritten == floorBefore)
            {
                return (_lastHpaReactive, _lastReason, false);
            }

            var (desired, hpaReactive, reason) = HpaSyncs(tick.At);
            (_lastHpaReactive, _lastReason) = (hpaReactive, reason);
            if (desired == Workload.Requested)
            {
                return (hpaReactive, reason, false);
            }

            Workload.Set(desired, tick.At);
            return (hpaReactive, reason, true);
        }

        /// <summary>The HPA's sync at <paramref name="t"/>: the count it asks for, its reactive proposal, and the reason.</summary>
        public (int Desired, int? Reactive, ReasonCode Reason) HpaSyncs(DateTimeOffset t)
        {
            var current = Workload.Requested;
            var hpaPolicy = HpaAt(_floorWritten);
            if (BelowMinReplicas.Applies(current, _floorWritten))
            {
                var rules = hpaPolicy.Spec.Guardrails;
                _hpaState = BelowMinReplicas.Raise(_hpaState, t, current, _floorWritten, rules.ScaleUp, rules.ScaleDown);
                return (_floorWritten, null, _policyReason);
            }

            _hpaReadings[0] = _context.ReadingAt(_demandMetric.Name, t);
            var observation = new TargetObservation(current, current, Workload.ReadyAt(t));
            var hpa = _decide(new DecisionInput(hpaPolicy, observation, _hpaReadings, null, OperatorControls.None, _hpaState, t));
            _hpaState = hpa.State;
            var desired = hpa.Action == DecisionAction.Scale ? hpa.Desired : current;
            // The floor determined the count when the HPA, left to itself, would ask for no more than the floor.
            var reason = desired == _floorWritten && hpa.Components.Raw <= _floorWritten ? _policyReason : hpa.Reason;
            return (desired, hpa.Components.Reactive, reason);
        }
    }
}

/// <summary>An instant of the merged schedule of a floor policy and its HPA, and who acts at it.</summary>
internal readonly record struct MergedTick(DateTimeOffset At, bool PolicyTick, bool HpaSync);
