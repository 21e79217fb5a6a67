using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 4, nodes-before-pods part (docs/policy.md "Nodes before pods"), on a VM group policy: each pod policy it
/// hosts needs the larger of its active node pre-warms (<see cref="Policies.PolicySpec.HostedPrewarm"/>, ahead of
/// the pods by the group's startup) and <c>ceil(pods / podsPerNode)</c> for the pods it runs now
/// (<see cref="DecisionInput.HostedPods"/>). The hosted policies share the nodes, so their needs add up. The sum is a
/// floor like a pre-warm: it enters raw desired, the budget never cuts it, and it is clamped to maxReplicas.
/// </summary>
internal static class HostedNodeFloor
{
    public static void Apply(ref DecisionContext c)
    {
        var windows = c.Spec.HostedPrewarm;
        IReadOnlyList<HostedPodDemand> pods = c.Input.HostedPods ?? [];
        if (windows.Count == 0 && pods.Count == 0)
        {
            return;
        }

        long total = 0;
        var contributors = 0;
        var ahead = false;
        // Each hosted policy once, in the order it first appears (windows, then pod counts); no allocation.
        for (var i = 0; i < windows.Count + pods.Count; i++)
        {
            var policy = i < windows.Count ? windows[i].Policy : pods[i - windows.Count].Policy;
            if (SeenBefore(windows, pods, i, policy))
            {
                continue;
            }

            var prewarm = NodePrewarm(ref c, windows, policy);
            var running = PodNodes(ref c, pods, policy);
            if (prewarm is null && running is null)
            {
                continue;
            }

            contributors++;
            total += Math.Max(prewarm ?? 0, running ?? 0);
            ahead |= (prewarm ?? 0) > (running ?? 0);
        }

        if (contributors == 0)
        {
            return;
        }

        if (contributors > 1)
        {
            c.Steps.Add(DecisionStage.Floors, ReasonCode.HostedPods, after: (int)Math.Min(total, int.MaxValue));
        }

        var max = c.Guardrails.MaxReplicas;
        var level = (int)Math.Min(total, max);
        var code = ahead ? ReasonCode.HostedPrewarm : ReasonCode.HostedPods;
        if (total > max)
        {
            c.Steps.Add(DecisionStage.Floors, ReasonCode.HostedFloorClampedToMax, before: (int)Math.Min(total, int.MaxValue), after: max, limit: max);
            code = ReasonCode.HostedFloorClampedToMax;
        }

        c.Floor = Math.Max(c.Floor ?? level, level);
        c.Raise(level, code);
    }

    /// <summary>The largest node floor of <paramref name="policy"/>'s active node windows; null when none is active.</summary>
    private static int? NodePrewarm(ref DecisionContext c, IReadOnlyList<HostedPrewarm> windows, string policy)
    {
        int? nodes = null;
        for (var w = 0; w < windows.Count; w++)
        {
            var hosted = windows[w];
            if (!string.Equals(hosted.Policy, policy, StringComparison.Ordinal) || hosted.Window.Replicas is not { } full)
            {
                continue;
            }

            foreach (var occurrence in ActivePrewarms.At(hosted.Window, c.Now))
            {
                var level = PrewarmFloors.LevelAt(occurrence, full, c.Now);
                c.Steps.Add(DecisionStage.Floors, ReasonCode.HostedPrewarm, hosted.Window.Name, hosted.PodFloor, after: level, limit: hosted.PodsPerNode);
                nodes = Math.Max(nodes ?? level, level);
            }
        }

        return nodes;
    }

    /// <summary>The nodes <paramref name="policy"/>'s pods need now; null when its count was not given.</summary>
    private static int? PodNodes(ref DecisionContext c, IReadOnlyList<HostedPodDemand> pods, string policy)
    {
        int? nodes = null;
        for (var p = 0; p < pods.Count; p++)
        {
            var demand = pods[p];
            if (string.Equals(demand.Policy, policy, StringComparison.Ordinal))
            {
                c.Steps.Add(DecisionStage.Floors, ReasonCode.HostedPods, demand.Policy, demand.Pods, after: demand.Nodes, limit: demand.PodsPerNode);
                nodes = Math.Max(nodes ?? demand.Nodes, demand.Nodes);
            }
        }

        return nodes;
    }

    private static bool SeenBefore(IReadOnlyList<HostedPrewarm> windows, IReadOnlyList<HostedPodDemand> pods, int index, string policy)
    {
        for (var j = 0; j < index; j++)
        {
            var earlier = j < windows.Count ? windows[j].Policy : pods[j - windows.Count].Policy;
            if (string.Equals(earlier, policy, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
