using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Policies.Validation;

/// <summary>
/// <c>spec.hostedBy</c> across every document of a load (it links two files of a policy directory): the named policy
/// exists, is a VM group policy, and the links form no cycle. Warnings, on valid policies: a node floor above the
/// group's maxReplicas, and a multiplier pre-warm, whose nodes can only follow the pods.
/// </summary>
internal static class HostingRules
{
    public static IEnumerable<PolicyDiagnostic> Check(IReadOnlyList<PolicyDocument> documents)
    {
        var byName = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Name is { } name)
            {
                byName.TryAdd(name, document);
            }
        }

        var list = new List<PolicyDiagnostic>();
        foreach (var document in documents)
        {
            if (document.HostedBy is not { } host)
            {
                continue;
            }

            var at = document.LocationOf("spec.hostedBy");
            void Error(string message) => list.Add(new PolicyDiagnostic(DiagnosticSeverity.Error, at, "spec.hostedBy", message));

            if (!byName.TryGetValue(host, out var group))
            {
                Error($"unknown policy \"{host}\": no policy of this load has that metadata.name (load the whole policy directory)");
            }
            else if (Cycle(document, byName) is { } cycle)
            {
                Error($"the hostedBy links form a cycle: {string.Join(" -> ", cycle.Select(n => $"\"{n}\""))}");
            }
            else if (group.Target is { IsVmGroup: false } notGroup)
            {
                Error($"policy \"{host}\" scales {notGroup}, not a VM group ({string.Join(" or ", TargetKinds.VmGroups.Select(k => k.Name))}); only a VM group hosts pods");
            }
            else if (document.Policy is { } pods && group.Policy is { } groupPolicy)
            {
                Warnings(document, pods, groupPolicy, list);
            }
        }

        return list;
    }

    /// <summary>The names along the hostedBy chain from <paramref name="start"/> back to itself, or null when the chain ends.</summary>
    private static List<string>? Cycle(PolicyDocument start, Dictionary<string, PolicyDocument> byName)
    {
        var path = new List<string> { start.Name ?? "?" };
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Name ?? "" };
        for (var next = start.HostedBy; next is not null && byName.TryGetValue(next, out var document); next = document.HostedBy)
        {
            path.Add(next);
            if (ReferenceEquals(document, start))
            {
                return path;
            }

            if (!seen.Add(next))
            {
                return null; // a cycle further on, reported at its own members
            }
        }

        return null;
    }

    private static void Warnings(PolicyDocument document, ScalingPolicy pods, ScalingPolicy group, List<PolicyDiagnostic> list)
    {
        var link = pods.Spec.HostedBy!;
        var max = group.Spec.Guardrails.MaxReplicas;
        for (var i = 0; i < pods.Spec.Prewarm.Count; i++)
        {
            var window = pods.Spec.Prewarm[i];
            var path = $"spec.prewarm[{i}]";
            if (window.Replicas is { } replicas)
            {
                var podFloor = Math.Min(replicas, pods.Spec.Guardrails.MaxReplicas);
                var nodes = link.NodesFor(podFloor);
                if (nodes > max)
                {
                    list.Add(new PolicyDiagnostic(
                        DiagnosticSeverity.Warning,
                        document.LocationOf($"{path}.replicas"),
                        $"{path}.replicas",
                        $"{podFloor} pods need {nodes} nodes (podsPerNode {link.PodsPerNode}), above the maxReplicas {max} of VM group policy \"{group.Name}\"; the nodes are clamped to {max}"));
                }
            }
            else
            {
                list.Add(new PolicyDiagnostic(
                    DiagnosticSeverity.Warning,
                    document.LocationOf($"{path}.multiplier"),
                    $"{path}.multiplier",
                    $"a multiplier floor is known only at start - lead, so VM group policy \"{group.Name}\" cannot add nodes ahead of it; its nodes follow the pods' desired count (use replicas to pre-warm the nodes too)"));
            }
        }
    }
}
