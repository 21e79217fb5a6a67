using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// The <c>hpa</c> baseline as a policy for the same engine (spec "Backtest model", baselines): HPA v2 defaults
/// on the demand metric alone: reactive only (no prediction, no pre-warm, no freeze, no budget), 10% tolerance,
/// 5m scale-down stabilization, max(100%, 4 pods) per 15s up, 100% per 15s down, a 15s sync period; same
/// target, startup and min/max replicas as the policy it is compared with.
/// </summary>
public static class HpaBaseline
{
    /// <summary>HPA's sync period (<c>--horizontal-pod-autoscaler-sync-period</c> default).</summary>
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    /// <summary>The frontier's targets as fractions of C: 20%, 25%, ... 100%.</summary>
    public static IReadOnlyList<double> FrontierFractions { get; } = [.. Enumerable.Range(4, 17).Select(i => i * 0.05)];

    /// <summary>HPA aiming at <paramref name="targetPerReplica"/> of <paramref name="demandMetric"/>.</summary>
    /// <param name="policy">The policy compared with (or whose HPA is simulated).</param>
    /// <param name="demandMetric">The metric the HPA scales on.</param>
    /// <param name="targetPerReplica">The HPA's target value per replica.</param>
    /// <param name="minReplicas">The HPA's spec.minReplicas. Default the policy's minReplicas.</param>
    public static ScalingPolicy For(ScalingPolicy policy, MetricSpec demandMetric, double targetPerReplica, int? minReplicas = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(demandMetric);
        var guardrails = policy.Spec.Guardrails;
        var hpaGuardrails = new Guardrails(
            minReplicas ?? guardrails.MinReplicas,
            guardrails.MaxReplicas,
            Tolerance.Default,
            ScalingRules.DefaultScaleUp,
            ScalingRules.DefaultScaleDown,
            [],
            MissingMetricsAction.Hold,
            null,
            guardrails.MaxStaleness,
            null);
        var metric = demandMetric with { TargetPerReplica = targetPerReplica, CapacityPerReplica = demandMetric.EffectiveCapacityPerReplica };
        // The baseline is an HPA scaling the workload itself: a policy that targets an HPA writes only a floor (the
        // engine's HPA-floor mode, no reactive step), which would leave the baseline never scaling.
        var target = policy.Spec.Target.Kind == TargetKind.HorizontalPodAutoscaler
            ? policy.Spec.Target with { Kind = TargetKind.Deployment }
            : policy.Spec.Target;
        var spec = new PolicySpec(target, SyncPeriod, policy.Spec.Startup, [metric], null, [], hpaGuardrails, false);
        return new ScalingPolicy(new PolicyMetadata(policy.Name + "-hpa", new Dictionary<string, string>()), spec, policy.Origin);
    }
}
