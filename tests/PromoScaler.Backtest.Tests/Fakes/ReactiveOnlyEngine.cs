using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Tests.Fakes;

/// <summary>
/// A hand-checkable stand-in for the decision engine: ceil(value / targetPerReplica) of the largest valid reading,
/// within min/max replicas, no tolerance, no stabilization, no step limits; holds when no reading has a value.
/// It lets the backtest's own mechanics (signal, ticks, simulator, scoring, files) be checked by hand.
/// </summary>
internal static class ReactiveOnlyEngine
{
    public static Decision Decide(DecisionInput input)
    {
        var current = input.Target.SpecReplicas;
        int? reactive = null;
        for (var i = 0; i < input.Policy.Spec.Metrics.Count; i++)
        {
            var metric = input.Policy.Spec.Metrics[i];
            var reading = input.Readings[i];
            if (reading.Value is { } v)
            {
                reactive = Math.Max(reactive ?? 0, (int)Math.Ceiling(v / metric.TargetPerReplica));
            }
        }

        var g = input.Policy.Spec.Guardrails;
        var desired = Math.Clamp(reactive ?? current, g.MinReplicas, g.MaxReplicas);
        var reason = desired > current ? ReasonCode.ScaleUp : desired < current ? ReasonCode.ScaleDown : ReasonCode.NoChange;
        return new Decision(
            desired == current ? DecisionAction.None : DecisionAction.Scale,
            desired,
            current,
            reason,
            new DecisionComponents(reactive, null, null, reactive ?? current),
            [],
            input.State);
    }
}
