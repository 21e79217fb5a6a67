namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Before step 1 (spec "Target observation"): what the target reports, an outside change, a target scaled to zero on
/// purpose, and the stabilization history re-seeded after a lost state or a pause.
/// </summary>
internal static class TargetObservationStep
{
    /// <summary>Records the observation; returns the whole decision when the target was scaled to zero, else null.</summary>
    public static Decision? Observe(ref DecisionContext c)
    {
        var target = c.Input.Target;
        var current = c.Current;

        // Ready and status counts are shown, never used.
        c.Steps.Add(DecisionStage.Observation, ReasonCode.Observed, value: target.ReadyReplicas, after: current, limit: target.StatusReplicas);
        if (c.State.LastWritten is { } lastWritten && lastWritten != current)
        {
            c.Steps.Add(DecisionStage.Observation, ReasonCode.ExternalChange, before: lastWritten, after: current);
        }

        if (current == 0 && c.Guardrails.MinReplicas > 0)
        {
            // Scaled to zero on purpose: behave as paused (pre-warms do not wake it); record the pause so that the
            // first decision after it re-seeds the stabilization history.
            c.Steps.Add(DecisionStage.Outcome, ReasonCode.TargetScaledToZero, before: current, after: current);
            return new Decision(
                DecisionAction.None, current, current, ReasonCode.TargetScaledToZero,
                new DecisionComponents(null, null, null, current),
                c.Steps.ToArrayAndRelease(),
                c.State with { LastWritten = current, Paused = true });
        }

        // No memory (first start, lost store) or back from a pause: seed with current at now (HPA
        // recordInitialRecommendation), so the scale-down window must pass before any scale-down.
        c.StateLost = c.State.IsEmpty;
        if (c.StateLost || (c.State.Paused && !c.Input.Controls.Paused))
        {
            c.Recommendations = [new TimestampedRecommendation(c.Now, current)];
            c.Steps.Add(DecisionStage.Observation, c.StateLost ? ReasonCode.StateSeeded : ReasonCode.ResumeReseeded, after: current);
        }

        return null;
    }
}
