using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.EndToEnd;

/// <summary>
/// Nodes before pods through the daemon as <c>promoscaler run</c> composes it: the pods are a Deployment of the
/// in-process API server (the real Kubernetes adapter), the nodes a VM group (a recording target in place of the
/// cloud API). A pod pre-warm raises the group a group startup before it raises the pods.
/// </summary>
public sealed class NodesBeforePodsEndToEndTests : ClusterScene
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PodPrewarm_RaisesTheGroupAtStartMinusLeadMinusGroupStartup_ThenThePodsAtStartMinusLead()
    {
        // Sale at 13:00, pods lead 30m (12:30), nodes start 5m: the group rises at 12:25.
        await File.WriteAllTextAsync(Path.Combine(Policies, "checkout.yaml"), DaemonPolicyYaml.Policy("checkout", extraSpec: """
              hostedBy: nodes
              podsPerNode: 4
              prewarm:
                - { name: sale, start: 2026-11-25T13:00:00Z, lead: 30m, replicas: 40, hold: 1h }
            """).Replace("maxReplicas: 50", "maxReplicas: 100", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(Policies, "nodes.yaml"), DaemonPolicyYaml.Policy("nodes", extraSpec: "  startup: 5m")
            .Replace("target: { kind: Deployment, namespace: shop, name: nodes }", "target: { kind: TencentCloudAutoScalingGroup, region: ap-guangzhou, groupId: asg-nodes }", StringComparison.Ordinal));
        var groups = new VmGroupsOnly();
        await using var daemon = ClusterDaemon.Create(Server, Scratch, Policies, T0 + TimeSpan.FromMinutes(24), replace: s => s.AddSingleton<IScaleTargetProvider>(groups));
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("nodes"), 50);

        var nodes = () => groups.Recording.Targets["asg-nodes"].Replicas;
        while (daemon.Time.GetUtcNow() < T0 + TimeSpan.FromMinutes(25))
        {
            await daemon.TickAsync();
            Assert.Equal(1, nodes());
            daemon.Time.Advance(Interval);
        }

        for (; daemon.Time.GetUtcNow() < T0 + TimeSpan.FromMinutes(30); daemon.Time.Advance(Interval))
        {
            await daemon.TickAsync();
            Assert.Equal(2, Replicas());
        }

        Assert.Equal(10, nodes()); // ceil(40 / 4), ready before the pods are asked for
        for (var i = 0; i < 8 && Replicas() < 40; i++)
        {
            await daemon.AdvanceAndTickAsync(Interval);
        }

        Assert.Equal(40, Replicas());
        Assert.Equal(10, nodes());
        var explained = (await daemon.AdvanceAndTickAsync(Interval)).Single(r => r.Policy == "nodes").Decision!;
        Assert.Contains(explained.Explanation, s => s.Code is ReasonCode.HostedPrewarm or ReasonCode.HostedPods);
    }

    /// <summary>Serves only VM groups (ahead of the cloud adapter), so Deployments still go to the Kubernetes adapter.</summary>
    private sealed class VmGroupsOnly : IScaleTargetProvider
    {
        public RecordingTargetProvider Recording { get; } = new(initialReplicas: 1);

        public bool Serves(TargetRef target) => target.IsVmGroup;

        public IScaleTarget Create(TargetRef target) => Recording.Create(target);
    }
}
