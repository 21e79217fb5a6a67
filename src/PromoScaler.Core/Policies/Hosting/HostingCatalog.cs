namespace PromoScaler.Core.Policies.Hosting;

/// <summary>
/// Nodes before pods, at the level of a whole catalog: which VM group policy hosts which pod policies, the node
/// pre-warms each group derives from its pods' pre-warms, and the order in which the policies are evaluated (pods
/// first, so their group sees this tick's pod counts). Pure: the daemon, the backtest and preflight all call it.
/// </summary>
public static class HostingCatalog
{
    /// <summary>
    /// The catalog with every VM group's <see cref="PolicySpec.HostedPrewarm"/> derived afresh from the pre-warms of
    /// the pod policies it hosts (so it is idempotent: apply it again after adding runtime pre-warms to a pod
    /// policy). Each fixed-replicas window of a hosted policy becomes a node window with floor
    /// <c>ceil(min(replicas, podMaxReplicas) / podsPerNode)</c>, lead <c>lead + group startup</c>, same start or
    /// cron, hold and rampDown. A multiplier window is not derived: its floor is known only once the pods' baseline is
    /// fixed at <c>start - lead</c>; from then on the pods' desired count holds the nodes (<see cref="HostedPodDemand"/>).
    /// Links to a policy that is absent or not a VM group are ignored here (the loader reports them).
    /// </summary>
    public static IReadOnlyList<ScalingPolicy> Link(IReadOnlyList<ScalingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var groups = new Dictionary<string, ScalingPolicy>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            if (policy.Spec.Target.IsVmGroup)
            {
                groups.TryAdd(policy.Name, policy);
            }
        }

        var derived = new Dictionary<string, List<HostedPrewarm>>(StringComparer.Ordinal);
        foreach (var pods in policies)
        {
            if (pods.Spec.HostedBy is { } link && groups.TryGetValue(link.Policy, out var group))
            {
                foreach (var window in NodeWindows(pods, link, group.Spec.Startup))
                {
                    (derived.TryGetValue(group.Name, out var list) ? list : derived[group.Name] = []).Add(window);
                }
            }
        }

        var linked = new ScalingPolicy[policies.Count];
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            var windows = derived.GetValueOrDefault(policy.Name);
            linked[i] = !policy.Spec.Target.IsVmGroup || (windows is null && policy.Spec.HostedPrewarm.Count == 0)
                ? policy
                : policy with { Spec = policy.Spec with { HostedPrewarm = windows ?? [] } };
        }

        return linked;
    }

    /// <summary>The node windows one hosted pod policy puts on its group (see <see cref="Link"/>).</summary>
    public static IEnumerable<HostedPrewarm> NodeWindows(ScalingPolicy pods, HostingLink link, TimeSpan groupStartup)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(link);
        foreach (var window in pods.Spec.Prewarm)
        {
            if (window.Replicas is { } replicas)
            {
                var podFloor = Math.Min(replicas, pods.Spec.Guardrails.MaxReplicas);
                var nodes = link.NodesFor(podFloor);
                yield return new HostedPrewarm(
                    pods.Name,
                    link.PodsPerNode,
                    podFloor,
                    window with { Name = $"{pods.Name}/{window.Name}", Lead = window.Lead + groupStartup, Replicas = nodes, Multiplier = null });
            }
        }
    }

    /// <summary>The pod policies <paramref name="group"/> hosts, in catalog order.</summary>
    public static IReadOnlyList<ScalingPolicy> HostedBy(IReadOnlyList<ScalingPolicy> policies, string group)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return [.. policies.Where(p => p.Spec.HostedBy is { } link && string.Equals(link.Policy, group, StringComparison.Ordinal))];
    }

    /// <summary>
    /// The order to evaluate a tick in: every policy that is not a VM group first, then the VM groups, each part in
    /// catalog order. A pod policy is thereby decided before the group that hosts it (a VM group is never hosted).
    /// </summary>
    public static IReadOnlyList<ScalingPolicy> EvaluationOrder(IReadOnlyList<ScalingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return [.. policies.Where(p => !p.Spec.Target.IsVmGroup), .. policies.Where(p => p.Spec.Target.IsVmGroup)];
    }
}
