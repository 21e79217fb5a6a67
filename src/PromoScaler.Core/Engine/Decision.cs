namespace PromoScaler.Core.Engine;

/// <summary>What to do with the target.</summary>
public enum DecisionAction
{
    /// <summary>Write nothing.</summary>
    None,
    /// <summary>Write <see cref="Decision.Desired"/>.</summary>
    Scale,
}

/// <summary>The counts proposed by each part of the decision, before and after the guardrails.</summary>
/// <param name="Reactive">Largest reactive proposal (null: no valid metric).</param>
/// <param name="Predictive">Predictive proposal in force (null: none or ignored).</param>
/// <param name="Floor">Largest pre-warm or floor override (null: none).</param>
/// <param name="Raw">Raw desired (step 5), the value that entered the stabilization history.</param>
public readonly record struct DecisionComponents(int? Reactive, int? Predictive, int? Floor, int Raw);

/// <summary>The engine's output: the action, the count, and why, step by step.</summary>
/// <param name="Action">Scale only when the desired count differs from current and the policy may write.</param>
/// <param name="Desired">The count the target should run.</param>
/// <param name="Current">The target's spec count the decision started from.</param>
/// <param name="Reason">The step that determined <paramref name="Desired"/> (decisions.csv <c>reason</c>).</param>
/// <param name="Components">Per-part proposals (components.csv).</param>
/// <param name="Explanation">Ordered steps of the decision order, each with its reason code and numbers.</param>
/// <param name="State">What to remember for the next decision.</param>
public sealed record Decision(
    DecisionAction Action,
    int Desired,
    int Current,
    ReasonCode Reason,
    DecisionComponents Components,
    IReadOnlyList<ExplanationStep> Explanation,
    EngineState State);
