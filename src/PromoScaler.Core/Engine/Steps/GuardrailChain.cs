using PromoScaler.Core.Calendar;
using PromoScaler.Core.Engine.Hpa;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 6 (spec "Decision order"), in the spec's order: stabilization (HPA formula) -> step policies -> freeze windows
/// and freeze overrides -> budget -> minReplicas. An invalid metric blocks scale-down, never scale-up (spec "Missing
/// and invalid data"). A pin replaces steps 2-6, so under a pin nothing here runs (see <see cref="OperatorAuthority"/>).
/// </summary>
internal static class GuardrailChain
{
    public static void Apply(ref DecisionContext c)
    {
        if (c.Overrides.Pin is { Replicas: not null })
        {
            return;
        }

        Stabilize(ref c);
        c.Result = StepPolicies.Limit(ref c, c.Result, DecisionStage.Guardrails);
        InvalidMetricHolds(ref c);
        Freeze(ref c);
        Budget(ref c);
        MinReplicas(ref c);
    }

    private static void Stabilize(ref DecisionContext c)
    {
        var g = c.Guardrails;
        var stabilized = Stabilization.Recommend(c.Recommendations, c.Now, c.Current, c.Raw, g.ScaleUp, g.ScaleDown);
        c.Steps.Add(DecisionStage.Guardrails, ReasonCode.Stabilized, before: c.Raw, after: stabilized);
        c.Result = stabilized;
        if (stabilized != c.Raw)
        {
            c.Reason = ReasonCode.Stabilized;
        }
    }

    private static void InvalidMetricHolds(ref DecisionContext c)
    {
        if (c.AnyInvalid && c.Result < c.Current)
        {
            c.Steps.Add(DecisionStage.Guardrails, ReasonCode.InvalidMetricBlocksScaleDown, before: c.Result, after: c.Current);
            c.Set(c.Current, ReasonCode.InvalidMetricBlocksScaleDown);
        }
    }

    /// <summary>No change in a frozen direction: a freeze window or freezeScaleDown stops a scale-down, freezeScaleUp a scale-up.</summary>
    private static void Freeze(ref DecisionContext c)
    {
        if (c.Result < c.Current)
        {
            if (WindowCalendar.IsFrozen(c.Guardrails.Freeze, c.Now, out var freeze))
            {
                c.Steps.Add(DecisionStage.Guardrails, ReasonCode.FreezeWindow, freeze.Window.Cron?.Text, before: c.Result, after: c.Current);
                c.Set(c.Current, ReasonCode.FreezeWindow);
            }
            else if (c.Overrides.FreezeScaleDown is { } freezeDown)
            {
                c.Steps.Add(DecisionStage.Guardrails, ReasonCode.FreezeOverride, freezeDown.Owner, before: c.Result, after: c.Current);
                c.Set(c.Current, ReasonCode.FreezeOverride);
            }
        }
        else if (c.Result > c.Current && c.Overrides.FreezeScaleUp is { } freezeUp)
        {
            c.Steps.Add(DecisionStage.Guardrails, ReasonCode.FreezeOverride, freezeUp.Owner, before: c.Result, after: c.Current);
            c.Set(c.Current, ReasonCode.FreezeOverride);
        }
    }

    /// <summary>At most floor(maxPerHour / pricePerReplicaHour), never cutting an active floor, never scaling down while a metric is invalid.</summary>
    private static void Budget(ref DecisionContext c)
    {
        if (c.Guardrails.Budget is not { } budget || c.Result <= budget.MaxAffordableReplicas)
        {
            return;
        }

        var cap = budget.MaxAffordableReplicas;
        var allowed = cap;
        var code = ReasonCode.BudgetCapped;
        if (c.Floor is { } f && f > allowed)
        {
            allowed = Math.Min(f, c.Result);
            code = ReasonCode.BudgetExceededByFloor;
        }

        if (c.AnyInvalid && Math.Min(c.Current, c.Result) > allowed)
        {
            allowed = Math.Min(c.Current, c.Result);
            code = ReasonCode.InvalidMetricBlocksScaleDown;
        }

        c.Steps.Add(DecisionStage.Guardrails, code, before: c.Result, after: allowed, limit: cap);
        c.Set(allowed, code);
    }

    private static void MinReplicas(ref DecisionContext c)
    {
        var min = c.Guardrails.MinReplicas;
        if (c.Result < min)
        {
            c.Steps.Add(DecisionStage.Guardrails, ReasonCode.MinReplicas, before: c.Result, after: min, limit: min);
            c.Set(min, ReasonCode.MinReplicas);
        }
    }
}
