namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 8 (spec "Decision order"; "Target observation" for an HPA target): maxReplicas is absolute, and above it the
/// decision is maxReplicas at once (as HPA); an HPA floor never goes above that HPA's own maxReplicas.
/// </summary>
internal static class MaxReplicasRule
{
    public static void Apply(ref DecisionContext c)
    {
        var max = c.Guardrails.MaxReplicas;
        // A pin is the operator's own count and is kept; a ceiling still caps, so it applies below maxReplicas but does
        // not cancel the rule.
        if (c.Result > max || (c.Current > max && c.Overrides.Pin is null))
        {
            c.Steps.Add(DecisionStage.MaxReplicas, ReasonCode.MaxReplicas, before: c.Result, after: max, limit: max);
            c.Set(max, ReasonCode.MaxReplicas);
            if (c.CeilingCap is { } cap && cap < c.Result)
            {
                c.Set(cap, ReasonCode.CeilingOverride);
            }
        }

        if (c.HpaFloor && c.Input.Target.HpaMaxReplicas is { } hpaMax && c.Result > hpaMax)
        {
            c.Steps.Add(DecisionStage.MaxReplicas, ReasonCode.HpaMaxBelowFloor, before: c.Result, after: hpaMax, limit: hpaMax);
            c.Set(hpaMax, ReasonCode.HpaMaxBelowFloor);
        }
    }
}
