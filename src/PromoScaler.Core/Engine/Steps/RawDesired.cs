using PromoScaler.Core.Engine.Hpa;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 5 (spec "Decision order"): raw desired is the largest of steps 2-4 (current when none proposed anything),
/// and it is the only value that enters the stabilization history.
/// </summary>
internal static class RawDesired
{
    public static void Settle(ref DecisionContext c)
    {
        if (c.Raw == int.MinValue)
        {
            c.Raw = c.Current;
            c.Reason = ReasonCode.NoChange;
        }

        c.Steps.Add(DecisionStage.RawDesired, ReasonCode.RawDesired, after: c.Raw);
        var g = c.Guardrails;
        c.History = Stabilization.RecordCompact(c.Recommendations, c.Now, c.Raw, g.ScaleUp, g.ScaleDown);
    }
}
