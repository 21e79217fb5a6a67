namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Before step 1 (spec "Target observation"): what the target reports, an outside change, a target at zero, and the
/// stabilization history re-seeded after a lost state or a pause.
/// </summary>
internal static class TargetObservationStep
{
    /// <summary>Records the observation; returns the whole decision when the target was scaled to zero outside PromoScaler, else null.</summary>
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

        if (current == 0 && c.Guardrails.MinReplicas > 0 && AtZero(ref c) is { } scaledToZero)
        {
            return scaledToZero;
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

    /// <summary>
    /// A target at 0 while minReplicas &gt; 0. PromoScaler's own zero (written under an operator's pin below
    /// minReplicas, or explained by such a pin in force) lasts as long as the pin: once it has ended the policy decides
    /// normally, from minReplicas at least. A zero set outside PromoScaler behaves as paused (pre-warms do not wake
    /// it) until an operator resumes the policy after it was first observed.
    /// </summary>
    private static Decision? AtZero(ref DecisionContext c)
    {
        var pin = c.Overrides.Pin;
        if (pin is { IsZeroPin: true } || c.State.ZeroWritten)
        {
            c.ZeroIsOurs = true;
            var zeroPin = pin is { IsZeroPin: true } ? pin : null;
            c.Steps.Add(DecisionStage.Observation, zeroPin is null ? ReasonCode.ZeroOverrideEnded : ReasonCode.ZeroByOverride, zeroPin?.Owner, before: 0, after: 0);
            return null;
        }

        var since = c.State.ZeroObservedAt ?? c.Now;
        c.ZeroObservedAt = since;
        if (c.Input.Controls.ResumedAt is { } resumed && resumed >= since)
        {
            c.Steps.Add(DecisionStage.Observation, ReasonCode.ZeroResumed, before: 0, after: 0);
            return null;
        }

        // Record the pause so that the first decision after it re-seeds the stabilization history.
        c.Steps.Add(DecisionStage.Outcome, ReasonCode.TargetScaledToZero, before: 0, after: 0);
        return new Decision(
            DecisionAction.None, 0, 0, ReasonCode.TargetScaledToZero,
            new DecisionComponents(null, null, null, 0),
            c.Steps.ToArrayAndRelease(),
            c.State with { LastWritten = 0, Paused = true, ZeroWritten = false, ZeroObservedAt = since });
    }
}
