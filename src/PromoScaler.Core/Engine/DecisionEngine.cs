using PromoScaler.Core.Calendar;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Engine.Steps;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine;

/// <summary>
/// The one decision engine: pure, deterministic, no I/O and no clock. The daemon, the demo and the backtest all
/// call <see cref="Decide"/>.
/// </summary>
/// <remarks>
/// Each tick, per policy: pass the policy, what the target reports (<see cref="TargetObservation.SpecReplicas"/> is
/// <c>current</c>; for an HPA target its <c>minReplicas</c>, with <see cref="TargetObservation.HpaMaxReplicas"/>), one
/// raw <see cref="MetricReading"/> per metric (the engine validates them; leave a metric out to mean "no reading"),
/// the forecast when the policy has a prediction block, the operator controls, the <see cref="Decision.State"/> of
/// the previous decision (<see cref="EngineState.Empty"/> at first start or after a lost store) and the tick instant.
/// Write <see cref="Decision.Desired"/> only when <see cref="Decision.Action"/> is <see cref="DecisionAction.Scale"/>;
/// keep <see cref="Decision.State"/> for the next tick. The state assumes the write happened: its scale event is
/// already recorded.
/// </remarks>
public static class DecisionEngine
{
    /// <summary>
    /// Runs the spec's decision order for one policy at <see cref="DecisionInput.Now"/>: target observation, signals,
    /// reactive, predictive, floors, raw desired, guardrails, operator authority, maxReplicas, outcome. Every step is
    /// in <see cref="Decision.Explanation"/>; <see cref="Decision.State"/> is what to hand back next time. The state
    /// assumes a <see cref="DecisionAction.Scale"/> decision is written (its scale event is recorded).
    /// </summary>
    public static Decision Decide(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Policy.Spec;
        var g = spec.Guardrails;
        var now = input.Now;
        var state = input.State;
        var current = input.Target.SpecReplicas;
        var hpaFloor = spec.Target.Kind == TargetKind.HorizontalPodAutoscaler;
        var steps = new StepRecorder();

        // Target observation. Ready and status counts are shown, never used.
        steps.Add(DecisionStage.Observation, ReasonCode.Observed, value: input.Target.ReadyReplicas, after: current, limit: input.Target.StatusReplicas);
        if (state.LastWritten is { } lastWritten && lastWritten != current)
        {
            steps.Add(DecisionStage.Observation, ReasonCode.ExternalChange, before: lastWritten, after: current);
        }

        if (current == 0 && g.MinReplicas > 0)
        {
            // Scaled to zero on purpose: behave as paused (pre-warms do not wake it); record the pause so that the
            // first decision after it re-seeds the stabilization history.
            steps.Add(DecisionStage.Outcome, ReasonCode.TargetScaledToZero, before: current, after: current);
            return new Decision(
                DecisionAction.None, current, current, ReasonCode.TargetScaledToZero,
                new DecisionComponents(null, null, null, current),
                steps.ToArrayAndRelease(),
                state with { LastWritten = current, Paused = true });
        }

        // No memory (first start, lost store) or back from a pause: seed with current at now (HPA
        // recordInitialRecommendation), so the scale-down window must pass before any scale-down.
        var stateLost = state.IsEmpty;
        IReadOnlyList<TimestampedRecommendation> recommendations = state.Recommendations;
        if (stateLost || (state.Paused && !input.Controls.Paused))
        {
            recommendations = [new TimestampedRecommendation(now, current)];
            steps.Add(DecisionStage.Observation, stateLost ? ReasonCode.StateSeeded : ReasonCode.ResumeReseeded, after: current);
        }

        // 1. Signals.
        var metrics = spec.Metrics;
        Span<double> values = metrics.Count <= 32 ? stackalloc double[metrics.Count] : new double[metrics.Count];
        var validCount = 0;
        for (var i = 0; i < metrics.Count; i++)
        {
            var code = SignalValidation.Classify(metrics[i], FindReading(input.Readings, metrics[i].Name, i), now, g.MaxStaleness, out var value, out var limit);
            steps.Add(DecisionStage.Signals, code, metrics[i].Name, value, limit: limit);
            values[i] = code == ReasonCode.MetricValid ? value.GetValueOrDefault() : double.NaN;
            if (code == ReasonCode.MetricValid)
            {
                validCount++;
            }
        }

        var anyInvalid = validCount < metrics.Count;
        var raw = int.MinValue;
        var reason = ReasonCode.NoChange;

        // 2. Reactive: ceil(value / targetPerReplica) per valid metric, current within tolerance (HPA, per metric).
        int? reactive = null;
        if (hpaFloor)
        {
            // The HPA does the reactive part; the floor starts from minReplicas.
            Raise(ref raw, ref reason, g.MinReplicas, ReasonCode.MinReplicas);
        }
        else
        {
            for (var i = 0; i < metrics.Count; i++)
            {
                if (double.IsNaN(values[i]))
                {
                    continue;
                }

                int proposal;
                ReasonCode code;
                if (spec.Sizing.Mode == SizingMode.Calibrated)
                {
                    if (CalibratedSizing.Propose(metrics[i], current, input.Calibration, ref steps) is not { } sized)
                    {
                        anyInvalid = true; // no calibration for a valid metric: propose nothing, never scale down
                        continue;
                    }

                    (proposal, code) = (sized, CalibratedSizing.CodeOf(input.Calibration, metrics[i].Name));
                }
                else
                {
                    proposal = Proposal(values[i], metrics[i].TargetPerReplica, current, g.Tolerance, out var ratio);
                    code = proposal == current && ratio is not null ? ReasonCode.WithinTolerance : ReasonCode.ReactiveProposal;
                    steps.Add(DecisionStage.Reactive, code, metrics[i].Name, values[i], current, proposal, ratio);
                }

                if (reactive is null || proposal > reactive)
                {
                    reactive = proposal;
                    Raise(ref raw, ref reason, proposal, code);
                }
            }

            if (validCount == 0)
            {
                steps.Add(DecisionStage.Reactive, ReasonCode.NoValidMetrics, before: current);
                if (g.OnMissingMetrics == MissingMetricsAction.ScaleUp)
                {
                    // Toward fallbackReplicas through the guardrails (scale-up step policies); never lower.
                    var fallback = Math.Max(current, g.FallbackReplicas.GetValueOrDefault(current));
                    steps.Add(DecisionStage.Reactive, ReasonCode.FallbackScaleUp, before: current, after: fallback, limit: g.FallbackReplicas);
                    Raise(ref raw, ref reason, fallback, ReasonCode.FallbackScaleUp);
                }
                else
                {
                    steps.Add(DecisionStage.Reactive, ReasonCode.HoldOnMissingMetrics, before: current, after: current);
                    Raise(ref raw, ref reason, current, ReasonCode.HoldOnMissingMetrics);
                }
            }
        }

        // 3. Predictive.
        var predictive = Predictive(spec, input.Forecast, values, current, ref steps);
        if (predictive is { } predicted)
        {
            Raise(ref raw, ref reason, predicted, ReasonCode.ForecastUsed);
        }

        // 4. Floors: active pre-warm occurrences (level-triggered) and floor overrides.
        var overrides = ActiveOverrides.From(input.Controls, now);
        var floor = PrewarmFloors.Evaluate(spec, current, state.PrewarmBaselines, stateLost, now, ref steps, out var baselines, out var prewarmCode);
        if (floor is { } prewarmFloor)
        {
            Raise(ref raw, ref reason, prewarmFloor, prewarmCode);
        }

        if (overrides.Floor is { Replicas: { } floorN } floorOverride)
        {
            var level = Math.Min(floorN, g.MaxReplicas);
            steps.Add(DecisionStage.Floors, ReasonCode.FloorOverride, floorOverride.Owner, floorN, after: level, limit: g.MaxReplicas);
            floor = Math.Max(floor ?? level, level);
            Raise(ref raw, ref reason, level, ReasonCode.FloorOverride);
        }

        // 5. Raw desired: the largest of 2-4, and the only value that enters the stabilization history.
        if (raw == int.MinValue)
        {
            raw = current;
            reason = ReasonCode.NoChange;
        }

        steps.Add(DecisionStage.RawDesired, ReasonCode.RawDesired, after: raw);
        var stabilized = Stabilization.Recommend(recommendations, now, current, raw, g.ScaleUp, g.ScaleDown);
        var history = Stabilization.RecordCompact(recommendations, now, raw, g.ScaleUp, g.ScaleDown);

        int result;
        if (overrides.Pin is { Replicas: { } pinN } pin)
        {
            // 7. A pin replaces steps 2-6 (they are still shown); it moves through the step policies unless immediate.
            var target = pin.BelowMin ? pinN : Math.Max(pinN, g.MinReplicas);
            result = target;
            reason = ReasonCode.PinOverride;
            if (!pin.Immediate)
            {
                result = StepLimits.Limit(current, target, state.ScaleEvents, now, g.ScaleUp, g.ScaleDown, out var limit);
                if (result != target)
                {
                    reason = LimitCode(target > current, target > current ? g.ScaleUp : g.ScaleDown);
                    steps.Add(DecisionStage.Operator, reason, pin.Owner, before: target, after: result, limit: limit);
                }
            }

            steps.Add(DecisionStage.Operator, ReasonCode.PinOverride, pin.Owner, pinN, before: raw, after: result, limit: target);
        }
        else
        {
            result = Guardrails(spec, current, raw, stabilized, floor, anyInvalid, overrides, state.ScaleEvents, now, ref steps, ref reason);
        }

        // 7. Ceiling: at once, never below minReplicas.
        int? ceilingCap = null;
        if (overrides.Ceiling is { Replicas: { } ceilingN } ceiling)
        {
            var cap = Math.Max(ceilingN, g.MinReplicas);
            ceilingCap = cap;
            steps.Add(DecisionStage.Operator, ReasonCode.CeilingOverride, ceiling.Owner, ceilingN, result, Math.Min(result, cap), cap);
            if (result > cap)
            {
                result = cap;
                reason = ReasonCode.CeilingOverride;
            }
        }

        // 8. maxReplicas is absolute; above it, the decision is maxReplicas at once (as HPA). A pin is the operator's
        // own count and is kept; a ceiling still caps, so it applies below maxReplicas but does not cancel the rule.
        if (result > g.MaxReplicas || (current > g.MaxReplicas && overrides.Pin is null))
        {
            steps.Add(DecisionStage.MaxReplicas, ReasonCode.MaxReplicas, before: result, after: g.MaxReplicas, limit: g.MaxReplicas);
            result = g.MaxReplicas;
            reason = ReasonCode.MaxReplicas;
            if (ceilingCap is { } cap && cap < result)
            {
                result = cap;
                reason = ReasonCode.CeilingOverride;
            }
        }

        if (hpaFloor && input.Target.HpaMaxReplicas is { } hpaMax && result > hpaMax)
        {
            steps.Add(DecisionStage.MaxReplicas, ReasonCode.HpaMaxBelowFloor, before: result, after: hpaMax, limit: hpaMax);
            result = hpaMax;
            reason = ReasonCode.HpaMaxBelowFloor;
        }

        // 9. Outcome: paused and dryRun policies record the decision and write nothing.
        var action = DecisionAction.None;
        if (input.Controls.Paused)
        {
            steps.Add(DecisionStage.Outcome, ReasonCode.Paused, before: current, after: result);
            reason = ReasonCode.Paused;
        }
        else if (spec.DryRun)
        {
            steps.Add(DecisionStage.Outcome, ReasonCode.DryRun, before: current, after: result);
        }
        else if (result != current)
        {
            action = DecisionAction.Scale;
            steps.Add(DecisionStage.Outcome, result > current ? ReasonCode.ScaleUp : ReasonCode.ScaleDown, before: current, after: result);
        }
        else
        {
            steps.Add(DecisionStage.Outcome, ReasonCode.NoChange, before: current, after: result);
        }

        var events = action == DecisionAction.Scale
            ? ScaleEventHistory.Store(state.ScaleEvents, now, current, result, g.ScaleUp, g.ScaleDown)
            : state.ScaleEvents;
        var next = new EngineState(history, events, baselines, action == DecisionAction.Scale ? result : current, input.Controls.Paused);
        return new Decision(action, result, current, reason, new DecisionComponents(reactive, predictive, floor, raw), steps.ToArrayAndRelease(), next);
    }

    /// <summary>Step 6, in the spec's order: stabilization, step policies, freeze, budget, minReplicas.</summary>
    private static int Guardrails(
        PolicySpec spec,
        int current,
        int raw,
        int stabilized,
        int? floor,
        bool anyInvalid,
        in ActiveOverrides overrides,
        IReadOnlyList<ScaleEvent> events,
        DateTimeOffset now,
        ref StepRecorder steps,
        ref ReasonCode reason)
    {
        var g = spec.Guardrails;
        steps.Add(DecisionStage.Guardrails, ReasonCode.Stabilized, before: raw, after: stabilized);
        if (stabilized != raw)
        {
            reason = ReasonCode.Stabilized;
        }

        var result = StepLimits.Limit(current, stabilized, events, now, g.ScaleUp, g.ScaleDown, out var limit);
        if (result != stabilized)
        {
            var up = stabilized > current;
            reason = LimitCode(up, up ? g.ScaleUp : g.ScaleDown);
            steps.Add(DecisionStage.Guardrails, reason, before: stabilized, after: result, limit: limit);
        }

        // HPA: an invalid metric blocks scale-down, never scale-up.
        if (anyInvalid && result < current)
        {
            steps.Add(DecisionStage.Guardrails, ReasonCode.InvalidMetricBlocksScaleDown, before: result, after: current);
            result = current;
            reason = ReasonCode.InvalidMetricBlocksScaleDown;
        }

        if (result < current)
        {
            if (WindowCalendar.IsFrozen(g.Freeze, now, out var freeze))
            {
                steps.Add(DecisionStage.Guardrails, ReasonCode.FreezeWindow, FreezeSubject(freeze), before: result, after: current);
                result = current;
                reason = ReasonCode.FreezeWindow;
            }
            else if (overrides.FreezeScaleDown is { } freezeDown)
            {
                steps.Add(DecisionStage.Guardrails, ReasonCode.FreezeOverride, freezeDown.Owner, before: result, after: current);
                result = current;
                reason = ReasonCode.FreezeOverride;
            }
        }
        else if (result > current && overrides.FreezeScaleUp is { } freezeUp)
        {
            steps.Add(DecisionStage.Guardrails, ReasonCode.FreezeOverride, freezeUp.Owner, before: result, after: current);
            result = current;
            reason = ReasonCode.FreezeOverride;
        }

        if (g.Budget is { } budget)
        {
            var cap = budget.MaxAffordableReplicas;
            if (result > cap)
            {
                // Never cut an active pre-warm or floor override, never scale down while a metric is invalid.
                var allowed = cap;
                var code = ReasonCode.BudgetCapped;
                if (floor is { } f && f > allowed)
                {
                    allowed = Math.Min(f, result);
                    code = ReasonCode.BudgetExceededByFloor;
                }

                if (anyInvalid && Math.Min(current, result) > allowed)
                {
                    allowed = Math.Min(current, result);
                    code = ReasonCode.InvalidMetricBlocksScaleDown;
                }

                steps.Add(DecisionStage.Guardrails, code, before: result, after: allowed, limit: cap);
                result = allowed;
                reason = code;
            }
        }

        if (result < g.MinReplicas)
        {
            steps.Add(DecisionStage.Guardrails, ReasonCode.MinReplicas, before: result, after: g.MinReplicas, limit: g.MinReplicas);
            result = g.MinReplicas;
            reason = ReasonCode.MinReplicas;
        }

        return result;
    }

    /// <summary>Step 3: the forecast turned into a count, or why it is ignored.</summary>
    private static int? Predictive(PolicySpec spec, ForecastSignal? forecast, ReadOnlySpan<double> values, int current, ref StepRecorder steps)
    {
        if (spec.Prediction is not { Model: not ForecastModelKind.None } prediction)
        {
            return null;
        }

        var index = MetricIndex(spec.Metrics, prediction.Metric);
        if (index < 0)
        {
            return null;
        }

        var metric = spec.Metrics[index];
        var model = forecast?.Model;
        if (double.IsNaN(values[index]) || forecast?.Status == ForecastStatus.InputInvalid)
        {
            steps.Add(DecisionStage.Predictive, ReasonCode.ForecastInputInvalid, model ?? metric.Name);
            return null;
        }

        if (forecast is null || forecast.Status == ForecastStatus.NotReady)
        {
            steps.Add(DecisionStage.Predictive, ReasonCode.ForecastNotReady, model);
            return null;
        }

        var maxError = prediction.Trust.MaxError.Fraction;
        if (forecast.Status == ForecastStatus.Untrusted || forecast.RecentError > maxError)
        {
            steps.Add(DecisionStage.Predictive, ReasonCode.ForecastUntrusted, model, forecast.RecentError, limit: maxError);
            return null;
        }

        if (forecast.Value is not { } value || !double.IsFinite(value) || value < 0)
        {
            steps.Add(DecisionStage.Predictive, ReasonCode.ForecastInvalid, model, forecast.Value);
            return null;
        }

        var proposal = Proposal(value, metric.TargetPerReplica, current, spec.Guardrails.Tolerance, out var ratio);
        if (proposal == current && ratio is not null)
        {
            steps.Add(DecisionStage.Predictive, ReasonCode.ForecastWithinTolerance, model, value, current, current, ratio);
            return null;
        }

        steps.Add(DecisionStage.Predictive, ReasonCode.ForecastUsed, model, value, current, proposal, forecast.RecentError);
        return proposal;
    }

    /// <summary>
    /// HPA AverageValue rule: current when <c>value / (target x current)</c> is within 1 +/- tolerance (ratio returned),
    /// else <c>ceil(value / target)</c> (ratio null when current is 0: no ratio exists).
    /// </summary>
    private static int Proposal(double value, double targetPerReplica, int current, Tolerance tolerance, out double? ratio)
    {
        ratio = null;
        if (current > 0)
        {
            var r = value / (targetPerReplica * current);
            ratio = r;
            if (r >= 1 - tolerance.ScaleDown.Fraction && r <= 1 + tolerance.ScaleUp.Fraction)
            {
                return current;
            }
        }

        var proposal = ReplicaMath.Ceil(value / targetPerReplica);
        if (proposal == current)
        {
            ratio = null;
        }

        return proposal;
    }

    private static void Raise(ref int raw, ref ReasonCode reason, int candidate, ReasonCode code)
    {
        // The earliest stage wins a tie: it was already enough on its own.
        if (candidate > raw)
        {
            raw = candidate;
            reason = code;
        }
    }

    private static ReasonCode LimitCode(bool up, ScalingRules rules) => (up, rules.SelectPolicy == SelectPolicy.Disabled) switch
    {
        (true, true) => ReasonCode.ScaleUpDisabled,
        (true, false) => ReasonCode.ScaleUpLimited,
        (false, true) => ReasonCode.ScaleDownDisabled,
        (false, false) => ReasonCode.ScaleDownLimited,
    };

    private static string? FreezeSubject(FreezeOccurrence freeze) => freeze.Window.Cron?.Text;

    private static MetricReading? FindReading(IReadOnlyList<MetricReading> readings, string metric, int hint)
    {
        if (hint < readings.Count && string.Equals(readings[hint].Metric, metric, StringComparison.Ordinal))
        {
            return readings[hint];
        }

        for (var i = 0; i < readings.Count; i++)
        {
            if (string.Equals(readings[i].Metric, metric, StringComparison.Ordinal))
            {
                return readings[i];
            }
        }

        return null;
    }

    private static int MetricIndex(IReadOnlyList<MetricSpec> metrics, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return metrics.Count > 0 ? 0 : -1;
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            if (string.Equals(metrics[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
