using PromoScaler.Backtest.Replay;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Scoring;

/// <summary>
/// For a pod policy with <c>hostedBy</c>: the node floor its replayed counts put on the VM group that runs it,
/// <c>ceil(requested / podsPerNode)</c> at each scoring grid point (docs/policy.md "Nodes before pods").
/// </summary>
/// <param name="Group">The VM group policy's name (<c>spec.hostedBy</c>).</param>
/// <param name="PodsPerNode">The pods one node runs.</param>
/// <param name="PeakNodes">The largest node floor over the scored range.</param>
/// <param name="PeakAt">The first grid point at that floor (null: the run kept no grid counts).</param>
/// <param name="NodeHours">Node floor x 15s over the grid, in hours: what the pods alone ask the group to run.</param>
/// <param name="GroupMaxReplicas">The group policy's maxReplicas, when it was loaded with the pods.</param>
/// <param name="GroupStartup">The group policy's startup (how far ahead of the pods its node pre-warms start), when loaded.</param>
public sealed record NodeFloorReport(
    string Group,
    int PodsPerNode,
    int PeakNodes,
    DateTimeOffset? PeakAt,
    double NodeHours,
    int? GroupMaxReplicas,
    TimeSpan? GroupStartup)
{
    /// <summary>Nodes the group's maxReplicas lacks at the peak (0 when it suffices or is unknown).</summary>
    public int ShortBy => GroupMaxReplicas is { } max ? Math.Max(0, PeakNodes - max) : 0;

    /// <summary>The report for <paramref name="pods"/>'s run; null when the policy is not hosted.</summary>
    /// <param name="pods">The pod policy as replayed.</param>
    /// <param name="run">Its run (grid counts).</param>
    /// <param name="context">The grid's times.</param>
    /// <param name="group">The VM group policy it names, when it was loaded; its bounds are then reported.</param>
    public static NodeFloorReport? For(ScalingPolicy pods, ReplayRun run, ReplayContext context, ScalingPolicy? group)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        if (pods.Spec.HostedBy is not { } link)
        {
            return null;
        }

        var peak = 0;
        int? peakIndex = null;
        long nodePoints = 0;
        for (var i = 0; i < run.Requested.Length; i++)
        {
            var nodes = link.NodesFor(run.Requested[i]);
            nodePoints += nodes;
            if (peakIndex is null || nodes > peak)
            {
                peak = nodes;
                peakIndex = i;
            }
        }

        var known = group is not null && string.Equals(group.Name, link.Policy, StringComparison.Ordinal) ? group : null;
        return new NodeFloorReport(
            link.Policy,
            link.PodsPerNode,
            peak,
            peakIndex is { } at ? context.GridTime(at) : null,
            nodePoints * BacktestSettings.GridStep.TotalHours,
            known?.Spec.Guardrails.MaxReplicas,
            known?.Spec.Startup);
    }
}
