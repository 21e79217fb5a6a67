using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// The scale-up and scale-down step policies (spec "Step policies and stabilization"), as the guardrails and a
/// non-immediate pin both apply them: a limited move is recorded with the limit and becomes the reason.
/// </summary>
internal static class StepPolicies
{
    /// <summary>The count the step policies allow on the way from current to <paramref name="target"/>.</summary>
    public static int Limit(ref DecisionContext c, int target, DecisionStage stage, string? subject = null)
    {
        var g = c.Guardrails;
        var result = StepLimits.Limit(c.Current, target, c.State.ScaleEvents, c.Now, g.ScaleUp, g.ScaleDown, out var limit);
        if (result != target)
        {
            var up = target > c.Current;
            c.Reason = LimitCode(up, up ? g.ScaleUp : g.ScaleDown);
            c.Steps.Add(stage, c.Reason, subject, before: target, after: result, limit: limit);
        }

        return result;
    }

    private static ReasonCode LimitCode(bool up, ScalingRules rules) => (up, rules.SelectPolicy == SelectPolicy.Disabled) switch
    {
        (true, true) => ReasonCode.ScaleUpDisabled,
        (true, false) => ReasonCode.ScaleUpLimited,
        (false, true) => ReasonCode.ScaleDownDisabled,
        (false, false) => ReasonCode.ScaleDownLimited,
    };
}
