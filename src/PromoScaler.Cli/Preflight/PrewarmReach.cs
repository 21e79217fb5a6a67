using System.Globalization;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Cli.Preflight;

/// <summary>
/// For every pre-warm occurrence active in [from, to): can the target reach the floor? The floor is held to
/// maxReplicas (absolute, spec "Decision order" step 8) and to a VM group's MaxSize (the group clips the desired
/// capacity); both are blocks. The budget is reported, not a block: it never cuts an active pre-warm
/// (reason <c>budgetExceededByFloor</c>). A multiplier window's floor depends on the baseline at start - lead and
/// is listed unchecked. With a cluster connection, an HPA target's maxReplicas and its namespace's ResourceQuotas
/// are blocks too. A pod policy with <c>hostedBy</c> is also held to what its VM group can host (the group's
/// maxReplicas and MaxSize x podsPerNode), and the group's node pre-warms are checked as its own pre-warms.
/// </summary>
internal static class PrewarmReach
{
    public static IReadOnlyList<PreflightFinding> Check(
        IReadOnlyList<ScalingPolicy> policies,
        DateTimeOffset from,
        DateTimeOffset to,
        IReadOnlyDictionary<string, GroupLimit> groups,
        IReadOnlyDictionary<string, ClusterLimit>? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(groups);
        var byName = policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var findings = new List<PreflightFinding>();
        foreach (var policy in policies)
        {
            var host = policy.Spec.HostedBy is { } link && byName.TryGetValue(link.Policy, out var g) ? g : null;
            var limits = new TargetLimits(groups.GetValueOrDefault(policy.Name), cluster?.GetValueOrDefault(policy.Name), host, host is null ? null : groups.GetValueOrDefault(host.Name));
            foreach (var window in policy.Spec.Prewarm.Concat(policy.Spec.HostedPrewarm.Select(h => h.Window)))
            {
                foreach (var occurrence in WindowCalendar.PrewarmsBetween(window, from, to))
                {
                    findings.Add(Assess(policy, occurrence, limits));
                }
            }
        }

        return [.. findings.OrderBy(f => f.ActiveFrom).ThenBy(f => f.Policy, StringComparer.Ordinal)];
    }

    /// <summary>What was learnt of a policy's target and of the VM group that hosts its pods.</summary>
    private sealed record TargetLimits(GroupLimit? Group, ClusterLimit? Cluster, ScalingPolicy? Host, GroupLimit? HostGroup);

    // Long on purpose: one occurrence's floor judged against every limit in turn (maxReplicas, group MaxSize, HPA max, quotas, hosting, budget), each block or note worded with its numbers.
    private static PreflightFinding Assess(ScalingPolicy policy, PrewarmOccurrence occurrence, TargetLimits limits)
    {
        var group = limits.Group;
        var guardrails = policy.Spec.Guardrails;
        var notes = new List<string>();
        var blocks = new List<PreflightBlock>();
        int? floor = occurrence.Window.Replicas;
        if (floor is not null && SharedNodes(policy, occurrence, notes) is { } shared)
        {
            floor = shared;
        }
        if (floor is not { } f)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture, $"floor is {occurrence.Window.Multiplier} x the baseline at start - lead: not known before then"));
        }
        else
        {
            if (f > guardrails.MaxReplicas)
            {
                blocks.Add(new PreflightBlock("maxReplicas", guardrails.MaxReplicas, f - guardrails.MaxReplicas));
            }

            if (group?.MaxSize is { } maxSize && f > maxSize)
            {
                blocks.Add(new PreflightBlock("group MaxSize", maxSize, f - maxSize));
            }

            if (limits.Cluster is { } cluster)
            {
                if (cluster.HpaMaxReplicas is { } hpaMax && f > hpaMax)
                {
                    blocks.Add(new PreflightBlock("HPA maxReplicas", hpaMax, f - hpaMax));
                }

                foreach (var quota in cluster.Quotas.Where(q => f > q.MaxPods))
                {
                    blocks.Add(new PreflightBlock($"ResourceQuota {quota.Quota} {quota.Resource}", quota.MaxPods, f - quota.MaxPods));
                }

                notes.AddRange(cluster.Notes);
            }

            if (limits.Host is { } host && policy.Spec.HostedBy is { } link)
            {
                HostingCapacity(host, link, limits.HostGroup, Math.Min(f, guardrails.MaxReplicas), blocks, notes);
            }

            if (guardrails.Budget is { } budget)
            {
                var affordable = (int)Math.Floor(budget.MaxPerHour / budget.PricePerReplicaHour);
                if (f > affordable)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"floor exceeds the budget's {affordable} replicas by {f - affordable} (allowed: a pre-warm is never cut by the budget)"));
                }
            }
        }

        if (group?.Problem is { } problem)
        {
            notes.Add($"group MaxSize not checked: {problem}");
        }

        var reachable = floor is { } full ? blocks.Aggregate(full, (n, b) => Math.Min(n, b.Value)) : (int?)null;
        return new PreflightFinding(
            policy.Name, policy.Spec.Target.ToString(), occurrence.Window.Name, occurrence.Start, occurrence.ActiveFrom, floor, reachable, blocks, notes);
    }
    /// <summary>
    /// The pods the hosting VM group can run: its node ceiling (maxReplicas, and MaxSize when read) x podsPerNode. A
    /// floor above it is a block on the pods, named after the group, since the nodes would be missing.
    /// </summary>
    private static void HostingCapacity(ScalingPolicy host, HostingLink link, GroupLimit? read, int pods, List<PreflightBlock> blocks, List<string> notes)
    {
        var nodes = host.Spec.Guardrails.MaxReplicas;
        var by = "maxReplicas";
        if (read?.MaxSize is { } maxSize && maxSize < nodes)
        {
            nodes = maxSize;
            by = "MaxSize";
        }

        var capacity = (int)Math.Min((long)nodes * link.PodsPerNode, int.MaxValue);
        if (pods > capacity)
        {
            blocks.Add(new PreflightBlock($"hosting group {host.Name} ({by} {nodes} x {link.PodsPerNode} pods per node)", capacity, pods - capacity));
        }
        else
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"needs {link.NodesFor(pods)} nodes of {host.Name} ({by} {nodes})"));
        }
    }
    /// <summary>
    /// For a VM group's node pre-warm: the nodes every hosted pod policy needs at this occurrence's start, since
    /// hosted policies share the group and the engine adds their needs up (each policy's largest active node window).
    /// Null for any other pre-warm, or when this window's policy is the only one active then.
    /// </summary>
    private static int? SharedNodes(ScalingPolicy group, PrewarmOccurrence occurrence, List<string> notes)
    {
        var hosted = group.Spec.HostedPrewarm;
        if (!hosted.Any(h => ReferenceEquals(h.Window, occurrence.Window)))
        {
            return null;
        }

        var at = occurrence.Start;
        var perPolicy = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var h in hosted)
        {
            foreach (var active in ActivePrewarms.At(h.Window, at))
            {
                var level = at < active.HoldEnd ? h.Window.Replicas ?? 0 : 0;
                perPolicy[h.Policy] = Math.Max(perPolicy.GetValueOrDefault(h.Policy), level);
            }
        }

        if (perPolicy.Count < 2)
        {
            return null;
        }

        notes.Add($"nodes for every hosted pod policy at start: {string.Join(" + ", perPolicy.Select(p => $"{p.Value} ({p.Key})"))}");
        return perPolicy.Values.Sum();
    }
}
