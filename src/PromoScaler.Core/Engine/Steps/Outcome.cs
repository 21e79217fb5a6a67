using PromoScaler.Core.Engine.Hpa;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 9 (spec "Decision order"): paused and dryRun policies record the decision with action none and write
/// nothing; otherwise a changed count is a scale-up or scale-down. The state for the next tick assumes a Scale
/// decision is written: its scale event is recorded.
/// </summary>
internal static class Outcome
{
    public static Decision Decide(ref DecisionContext c)
    {
        var current = c.Current;
        var result = c.Result;
        var action = DecisionAction.None;
        if (c.Spec.HostedBy is { } host)
        {
            // The other half of the link: what this count asks of the VM group that runs the pods.
            c.Steps.Add(DecisionStage.Outcome, ReasonCode.HostedByGroup, host.Policy, host.PodsPerNode, before: result, after: host.NodesFor(result));
        }

        if (c.Input.Controls.Paused)
        {
            c.Steps.Add(DecisionStage.Outcome, ReasonCode.Paused, before: current, after: result);
            c.Reason = ReasonCode.Paused;
        }
        else if (c.Spec.DryRun)
        {
            c.Steps.Add(DecisionStage.Outcome, ReasonCode.DryRun, before: current, after: result);
        }
        else if (result != current)
        {
            action = DecisionAction.Scale;
            c.Steps.Add(DecisionStage.Outcome, result > current ? ReasonCode.ScaleUp : ReasonCode.ScaleDown, before: current, after: result);
        }
        else
        {
            c.Steps.Add(DecisionStage.Outcome, ReasonCode.NoChange, before: current, after: result);
        }

        var g = c.Guardrails;
        var written = action == DecisionAction.Scale;
        var events = written ? ScaleEventHistory.Store(c.State.ScaleEvents, c.Now, current, result, g.ScaleUp, g.ScaleDown) : c.State.ScaleEvents;
        // A zero PromoScaler writes (or keeps) under an operator's pin is its own and ends with the pin; a zero set
        // outside stays remembered as such until the target is above 0 again.
        var zeroWritten = written ? result == 0 : current == 0 && c.ZeroIsOurs;
        var next = new EngineState(c.History, events, c.Baselines, written ? result : current, c.Input.Controls.Paused,
            zeroWritten, current == 0 ? c.ZeroObservedAt : null);
        var components = new DecisionComponents(c.Reactive, c.Predictive, c.Floor, c.Raw);
        return new Decision(action, result, current, c.Reason, components, c.Steps.ToArrayAndRelease(), next);
    }
}
