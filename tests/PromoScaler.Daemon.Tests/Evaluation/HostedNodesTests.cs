using PromoScaler.Core.Engine;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Evaluation;

/// <summary>Nodes before pods in the daemon: a VM group is decided after the pod policies it hosts, and never holds fewer nodes than their pods need.</summary>
public sealed class HostedNodesTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static string Nodes() => DaemonPolicyYaml.Policy("nodes", extraSpec: "  startup: 3m")
        .Replace("target: { kind: Deployment, namespace: shop, name: nodes }", "target: { kind: TencentCloudAutoScalingGroup, region: ap-guangzhou, groupId: asg-nodes }", StringComparison.Ordinal);

    private static string Pods() => DaemonPolicyYaml.Policy("checkout", extraSpec: "  hostedBy: nodes\n  podsPerNode: 4")
        .Replace("maxReplicas: 50", "maxReplicas: 200", StringComparison.Ordinal);

    [Fact]
    public async Task Group_FollowsItsPodsDesiredCount_InTheSameRound_WhateverItsOwnMetricSays()
    {
        await using var daemon = DaemonHarness.Create([("nodes.yaml", Nodes()), ("checkout.yaml", Pods())]);
        await daemon.TickAsync();
        Assert.True(daemon.Catalog.Current.Policies.Count == 2, string.Join("\n", daemon.Logged(6021)));
        daemon.SetLoad("nodes", 50);
        daemon.SetLoad("checkout", 4000);

        for (var i = 0; i < 12; i++)
        {
            var reports = await daemon.AdvanceAndTickAsync(Interval);
            var pods = daemon.Targets["checkout"].Replicas;
            var nodes = daemon.Targets["asg-nodes"].Replicas;
            Assert.True(nodes >= (pods + 3) / 4, $"round {i}: {pods} pods on {nodes} nodes");
            Assert.Equal(["checkout", "nodes"], reports.Select(r => r.Policy));
        }

        Assert.Equal(40, daemon.Targets["checkout"].Replicas);
        Assert.Equal(10, daemon.Targets["asg-nodes"].Replicas);
        var last = (await daemon.AdvanceAndTickAsync(Interval)).Single(r => r.Policy == "nodes").Decision!;
        Assert.Contains(last.Explanation, s => s.Code == ReasonCode.HostedPods && s.Subject == "checkout");
    }
}
