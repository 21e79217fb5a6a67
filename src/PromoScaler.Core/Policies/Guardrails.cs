using PromoScaler.Core.Calendar;

namespace PromoScaler.Core.Policies;

/// <summary>What to do when no metric is valid.</summary>
public enum MissingMetricsAction
{
    /// <summary>Keep <c>current</c>.</summary>
    Hold,
    /// <summary>Move toward <c>fallbackReplicas</c> through the scale-up step policies.</summary>
    ScaleUp,
}

/// <summary><c>spec.guardrails</c>.</summary>
/// <param name="MinReplicas">Default 1.</param>
/// <param name="MaxReplicas">Absolute ceiling (required).</param>
/// <param name="Tolerance">Per metric, HPA rule. Default 10% both ways.</param>
/// <param name="ScaleUp">Default: no stabilization, max(Percent 100, Pods 4) per 15s.</param>
/// <param name="ScaleDown">Default: 5m stabilization, Percent 100 per 15s.</param>
/// <param name="Freeze">No scale-down inside these windows.</param>
/// <param name="OnMissingMetrics">Default hold.</param>
/// <param name="FallbackReplicas">Required with <see cref="MissingMetricsAction.ScaleUp"/>.</param>
/// <param name="MaxStaleness">A metric older than this is stale.</param>
/// <param name="Budget">Optional cost ceiling (a run-rate).</param>
public sealed record Guardrails(
    int MinReplicas,
    int MaxReplicas,
    Tolerance Tolerance,
    ScalingRules ScaleUp,
    ScalingRules ScaleDown,
    IReadOnlyList<FreezeWindow> Freeze,
    MissingMetricsAction OnMissingMetrics,
    int? FallbackReplicas,
    TimeSpan MaxStaleness,
    BudgetSpec? Budget);

/// <summary>Tolerance per direction (HPA's <c>--horizontal-pod-autoscaler-tolerance</c>, per metric).</summary>
public sealed record Tolerance(Percentage ScaleUp, Percentage ScaleDown)
{
    public static Tolerance Default { get; } = new(Percentage.FromFraction(0.1), Percentage.FromFraction(0.1));
}

/// <summary>How the step policies of one direction combine (HPA <c>selectPolicy</c>).</summary>
public enum SelectPolicy
{
    Max,
    Min,
    Disabled,
}

/// <summary>HPA scaling policy type.</summary>
public enum StepPolicyType
{
    Percent,
    Pods,
}

/// <summary>One HPA scaling policy: at most <paramref name="Value"/> (pods or percent) per <paramref name="Period"/>.</summary>
public sealed record StepPolicy(StepPolicyType Type, int Value, TimeSpan Period);

/// <summary>HPA <c>behavior.scaleUp</c> / <c>behavior.scaleDown</c>.</summary>
public sealed record ScalingRules(TimeSpan Stabilization, SelectPolicy SelectPolicy, IReadOnlyList<StepPolicy> Policies)
{
    /// <summary>HPA default scale-up: no stabilization, max(100%, 4 pods) per 15s.</summary>
    public static ScalingRules DefaultScaleUp { get; } = new(
        TimeSpan.Zero,
        SelectPolicy.Max,
        [new StepPolicy(StepPolicyType.Percent, 100, TimeSpan.FromSeconds(15)), new StepPolicy(StepPolicyType.Pods, 4, TimeSpan.FromSeconds(15))]);

    /// <summary>HPA default scale-down: 5m stabilization, 100% per 15s.</summary>
    public static ScalingRules DefaultScaleDown { get; } = new(
        TimeSpan.FromMinutes(5),
        SelectPolicy.Max,
        [new StepPolicy(StepPolicyType.Percent, 100, TimeSpan.FromSeconds(15))]);
}

/// <summary>A window with no scale-down: either a one-off [start, end) or cron + duration.</summary>
public sealed record FreezeWindow(DateTimeOffset? Start, DateTimeOffset? End, CronSchedule? Cron, TimeSpan? Duration);

/// <summary><c>spec.guardrails.budget</c>: at most floor(maxPerHour / pricePerReplicaHour) replicas.</summary>
public sealed record BudgetSpec(double PricePerReplicaHour, double MaxPerHour)
{
    /// <summary>The replica count the budget allows: floor(maxPerHour / pricePerReplicaHour).</summary>
    /// <remarks>
    /// Divided in decimal: the YAML values are decimal prices, and in binary floating point 0.3 / 0.1 is
    /// 2.9999999999999996, which would floor to 2 instead of 3.
    /// </remarks>
    public int MaxAffordableReplicas => AffordableReplicas(MaxPerHour, PricePerReplicaHour);

    private static int AffordableReplicas(double maxPerHour, double price)
    {
        const double DecimalLimit = 7.9e27;
        if (price > 0 && maxPerHour >= 0 && maxPerHour < DecimalLimit && price < DecimalLimit && maxPerHour / price < int.MaxValue)
        {
            var decimalPrice = (decimal)price;
            if (decimalPrice > 0m)
            {
                return (int)Math.Floor((decimal)maxPerHour / decimalPrice);
            }
        }

        var quotient = Math.Floor(maxPerHour / price);
        return double.IsNaN(quotient) ? 0 : (int)Math.Clamp(quotient, 0, int.MaxValue);
    }
}
