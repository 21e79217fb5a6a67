using PromoScaler.Core.Engine;

namespace PromoScaler.Core.History;

/// <summary>One recorded decision, without the engine's memory: what <c>history</c> and <c>explain</c> show.</summary>
/// <param name="At">The decision instant.</param>
/// <param name="Action">Whether it wrote.</param>
/// <param name="Current">The count it started from.</param>
/// <param name="Desired">The count it decided.</param>
/// <param name="Reason">The step that determined the count.</param>
/// <param name="Components">Per-part proposals.</param>
/// <param name="Explanation">Every step, in the decision order.</param>
public sealed record DecisionRecord(
    DateTimeOffset At,
    DecisionAction Action,
    int Current,
    int Desired,
    ReasonCode Reason,
    DecisionComponents Components,
    IReadOnlyList<ExplanationStep> Explanation)
{
    public static DecisionRecord Of(Decision decision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(at, decision.Action, decision.Current, decision.Desired, decision.Reason, decision.Components, decision.Explanation);
    }
}
