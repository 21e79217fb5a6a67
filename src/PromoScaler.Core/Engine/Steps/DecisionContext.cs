using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// One decision in progress: the input, and what each stage of the decision order has found so far. The stages
/// read and write it in the spec's order; nothing else sees it. A ref struct so that a decision allocates nothing but
/// its result (the metric values live on the stack).
/// </summary>
internal ref struct DecisionContext
{
    public DecisionContext(DecisionInput input, Span<double> values)
    {
        Input = input;
        Spec = input.Policy.Spec;
        Now = input.Now;
        State = input.State;
        Current = input.Target.SpecReplicas;
        HpaFloor = Spec.Target.Kind == TargetKind.HorizontalPodAutoscaler;
        Overrides = ActiveOverrides.From(input.Controls, input.Now);
        Values = values;
        Recommendations = input.State.Recommendations;
        History = input.State.Recommendations;
        Baselines = input.State.PrewarmBaselines;
        Steps = new StepRecorder();
    }

    public DecisionInput Input { get; }

    public PolicySpec Spec { get; }

    public readonly Guardrails Guardrails => Spec.Guardrails;

    public DateTimeOffset Now { get; }

    /// <summary>The state handed in by the previous decision.</summary>
    public EngineState State { get; }

    /// <summary>The target's spec count (for an HPA target, its minReplicas).</summary>
    public int Current { get; }

    /// <summary>The target is an HPA: the decision is a floor written to its minReplicas.</summary>
    public bool HpaFloor { get; }

    public ActiveOverrides Overrides { get; }

    /// <summary>The explanation, step by step.</summary>
    public StepRecorder Steps;

    /// <summary>Nothing was remembered (first start, lost store).</summary>
    public bool StateLost;

    /// <summary>The target is at 0 because of an operator's pin below minReplicas (in force or just ended).</summary>
    public bool ZeroIsOurs;

    /// <summary>The target is at 0 set outside PromoScaler since this instant (an operator resumed it, or it would not be deciding).</summary>
    public DateTimeOffset? ZeroObservedAt;

    /// <summary>The stabilization history this decision starts from (seeded when lost or back from a pause).</summary>
    public IReadOnlyList<TimestampedRecommendation> Recommendations;

    /// <summary>Step 1: each metric's valid value, NaN when invalid; same order as the policy's metrics.</summary>
    public Span<double> Values;

    public int ValidCount;

    /// <summary>Step 2, calibrated mode: a valid metric came without a calibrated proposal, which blocks scale-down.</summary>
    public bool Uncalibrated;

    /// <summary>Step 2: the largest reactive proposal.</summary>
    public int? Reactive;

    /// <summary>Step 3: the predictive proposal in force.</summary>
    public int? Predictive;

    /// <summary>Step 4: the largest pre-warm floor or floor override.</summary>
    public int? Floor;

    /// <summary>Step 4: the pre-warm baselines to remember.</summary>
    public IReadOnlyList<PrewarmBaseline> Baselines;

    /// <summary>Steps 2-5: the largest proposal so far (int.MinValue: none yet), then raw desired.</summary>
    public int Raw = int.MinValue;

    /// <summary>Step 5: the history with raw desired recorded.</summary>
    public IReadOnlyList<TimestampedRecommendation> History;

    /// <summary>Steps 6-8: the count as the guardrails, the operator and maxReplicas leave it.</summary>
    public int Result;

    /// <summary>Step 7: the active ceiling's cap (not below minReplicas), which step 8 still honours.</summary>
    public int? CeilingCap;

    /// <summary>The step that determined the count so far.</summary>
    public ReasonCode Reason = ReasonCode.NoChange;

    public readonly bool AnyInvalid => ValidCount < Spec.Metrics.Count || Uncalibrated;

    /// <summary>Steps 2-4 feed raw desired: a larger proposal takes over.</summary>
    public void Raise(int candidate, ReasonCode code)
    {
        // The earliest stage wins a tie: it was already enough on its own.
        if (candidate > Raw)
        {
            Raw = candidate;
            Reason = code;
        }
    }

    /// <summary>Steps 6-8: a stage moved the count to <paramref name="count"/> for <paramref name="code"/>.</summary>
    public void Set(int count, ReasonCode code)
    {
        Result = count;
        Reason = code;
    }
}
