using PromoScaler.Core.Engine;
using PromoScaler.Core.History;

namespace PromoScaler.Testing.Admin;

/// <summary>Runs the real engine for a policy of the host, with its operator intent, as the daemon's loop does, and records the decision.</summary>
public static class EngineRun
{
    public static Decision Decide(AdminApiHost host, string policyName, int specReplicas, double rps)
    {
        var now = host.Time.GetUtcNow();
        var declared = host.Policies.Find(policyName)!.Policy;
        var policy = host.Book.WithRuntimePrewarms(declared, now);
        var input = new DecisionInput(
            policy,
            new TargetObservation(specReplicas),
            [MetricReading.Of("rps", rps, now)],
            null,
            host.Book.ControlsFor(policyName, now),
            EngineState.Empty,
            now);
        var decision = DecisionEngine.Decide(input);
        host.Decisions.Record(policyName, DecisionRecord.Of(decision, now));
        return decision;
    }
}
