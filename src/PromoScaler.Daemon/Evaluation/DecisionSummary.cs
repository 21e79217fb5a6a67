using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Explanation;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>One line for a decision, as the HPA controller writes in its events: the count, the reason and its words.</summary>
internal static class DecisionSummary
{
    public static string Of(Decision decision)
    {
        ExplanationStep? deciding = null;
        foreach (var step in decision.Explanation)
        {
            if (step.Code == decision.Reason)
            {
                deciding = step;
            }
        }

        var head = $"{decision.Current} -> {decision.Desired} ({decision.Reason.ToCode()})";
        return deciding is { } s ? $"{head}: {ExplanationText.Describe(s)}" : head;
    }
}
