using PromoScaler.Core.Engine;

namespace PromoScaler.Core.Policies.Hosting;

/// <summary>
/// What a hosted pod policy asks of its VM group now (<see cref="DecisionInput.HostedPods"/>): the group keeps at
/// least <c>ceil(Pods / PodsPerNode)</c> nodes, so it shrinks only after the pods have.
/// </summary>
/// <param name="Policy">The pod policy's name (shown in the group's explanation).</param>
/// <param name="Pods">The pods it runs or is about to run (see <see cref="From"/>).</param>
/// <param name="PodsPerNode">Its <c>podsPerNode</c>.</param>
public readonly record struct HostedPodDemand(string Policy, int Pods, int PodsPerNode)
{
    /// <summary>The nodes these pods need; a <see cref="PodsPerNode"/> below 1 counts as 1 (the most nodes, never fewer).</summary>
    public int Nodes => HostingLink.NodesFor(Pods, Math.Max(PodsPerNode, 1));

    /// <summary>
    /// The demand a pod policy's decision of this tick puts on its group; null when the policy has no
    /// <c>hostedBy</c>. Pods = the count written (<see cref="Decision.Desired"/> when the action is Scale), else the
    /// count the target already runs (<see cref="Decision.Current"/>: paused and dry-run policies write nothing). For
    /// an HPA target the HPA may run more than its floor: the larger of that and the observed status count.
    /// </summary>
    public static HostedPodDemand? From(ScalingPolicy pods, Decision decision, TargetObservation observed)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(observed);
        if (pods.Spec.HostedBy is not { } link)
        {
            return null;
        }

        var count = decision.Action == DecisionAction.Scale ? decision.Desired : decision.Current;
        if (pods.Spec.Target.Kind == TargetKind.HorizontalPodAutoscaler && observed.StatusReplicas is { } running)
        {
            count = Math.Max(count, running);
        }

        return new HostedPodDemand(pods.Name, count, link.PodsPerNode);
    }
}
