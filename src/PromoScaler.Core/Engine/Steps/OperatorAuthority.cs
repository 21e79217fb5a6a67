namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 7 (spec "Decision order"), never delayed by stabilization, freeze or budget: a <c>pin</c> replaces steps 2-6
/// (they are still shown) and moves through the step policies unless <c>immediate</c>, going below minReplicas only
/// when <c>belowMin</c>; a <c>ceiling</c> caps the result at once, not below minReplicas.
/// </summary>
internal static class OperatorAuthority
{
    public static void Apply(ref DecisionContext c)
    {
        Pin(ref c);
        Ceiling(ref c);
    }

    private static void Pin(ref DecisionContext c)
    {
        if (c.Overrides.Pin is not { Replicas: { } pinN } pin)
        {
            return;
        }

        var target = pin.BelowMin ? pinN : Math.Max(pinN, c.Guardrails.MinReplicas);
        c.Set(target, ReasonCode.PinOverride);
        if (!pin.Immediate)
        {
            c.Result = StepPolicies.Limit(ref c, target, DecisionStage.Operator, pin.Owner);
        }

        c.Steps.Add(DecisionStage.Operator, ReasonCode.PinOverride, pin.Owner, pinN, before: c.Raw, after: c.Result, limit: target);
    }

    private static void Ceiling(ref DecisionContext c)
    {
        if (c.Overrides.Ceiling is not { Replicas: { } ceilingN } ceiling)
        {
            return;
        }

        var cap = Math.Max(ceilingN, c.Guardrails.MinReplicas);
        c.CeilingCap = cap;
        c.Steps.Add(DecisionStage.Operator, ReasonCode.CeilingOverride, ceiling.Owner, ceilingN, c.Result, Math.Min(c.Result, cap), cap);
        if (c.Result > cap)
        {
            c.Set(cap, ReasonCode.CeilingOverride);
        }
    }
}
