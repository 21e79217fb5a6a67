namespace PromoScaler.Core.Engine;

/// <summary>
/// What the target reports at the decision instant. <c>current</c> is <see cref="SpecReplicas"/>, as in HPA;
/// status and ready counts are shown in the explanation and never used for hold, tolerance or step limits.
/// </summary>
/// <param name="SpecReplicas">What the target was last asked to run (for an HPA target: its spec.minReplicas).</param>
/// <param name="StatusReplicas">Replicas that exist, if known.</param>
/// <param name="ReadyReplicas">Replicas serving, if known.</param>
/// <param name="HpaMaxReplicas">For an HPA target: its spec.maxReplicas, which the floor never exceeds.</param>
public sealed record TargetObservation(
    int SpecReplicas,
    int? StatusReplicas = null,
    int? ReadyReplicas = null,
    int? HpaMaxReplicas = null);
