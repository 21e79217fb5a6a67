namespace PromoScaler.Core.Engine;

/// <summary>The numbered steps of the spec's "Decision order", plus the target observation before them.</summary>
public enum DecisionStage
{
    Observation = 0,
    Signals = 1,
    Reactive = 2,
    Predictive = 3,
    Floors = 4,
    RawDesired = 5,
    Guardrails = 6,
    Operator = 7,
    MaxReplicas = 8,
    Outcome = 9,
}

/// <summary>
/// One step of a decision's explanation: a reason code plus the numbers it used. A small value type so that a
/// complete explanation costs little; the explanation formatter turns it into words for people.
/// </summary>
/// <param name="Stage">Which step of the decision order.</param>
/// <param name="Code">What happened, from the documented vocabulary.</param>
/// <param name="Subject">The metric, window or override the step is about, if any.</param>
/// <param name="Value">The input number (metric value, forecast, error, price...), if any.</param>
/// <param name="Before">The count entering the step, if it changes one.</param>
/// <param name="After">The count leaving the step.</param>
/// <param name="Limit">The bound the step compared with (tolerance ratio, step limit, max...), if any.</param>
public readonly record struct ExplanationStep(
    DecisionStage Stage,
    ReasonCode Code,
    string? Subject = null,
    double? Value = null,
    int? Before = null,
    int? After = null,
    double? Limit = null);
