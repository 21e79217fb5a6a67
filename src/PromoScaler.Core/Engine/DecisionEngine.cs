using PromoScaler.Core.Engine.Steps;

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
        var metricCount = input.Policy.Spec.Metrics.Count;
        var c = new DecisionContext(input, metricCount <= 32 ? stackalloc double[metricCount] : new double[metricCount]);

        if (TargetObservationStep.Observe(ref c) is { } scaledToZero)
        {
            return scaledToZero;
        }

        SignalValidation.Validate(ref c);   // 1
        ReactiveProposal.Propose(ref c);    // 2
        PredictiveProposal.Propose(ref c);  // 3
        Floors.Apply(ref c);                // 4
        RawDesired.Settle(ref c);           // 5
        GuardrailChain.Apply(ref c);        // 6
        OperatorAuthority.Apply(ref c);     // 7
        MaxReplicasRule.Apply(ref c);       // 8
        return Outcome.Decide(ref c);       // 9
    }
}
