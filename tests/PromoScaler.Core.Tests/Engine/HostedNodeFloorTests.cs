using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Explanation;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

/// <summary>Nodes before pods: a VM group's floor from the pod policies it hosts (node pre-warms and the pods' counts).</summary>
public sealed class HostedNodeFloorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan GroupStartup = TimeSpan.FromMinutes(3);

    private static ScalingPolicy Pods(string name = "checkout", int podsPerNode = 4, int? prewarm = 42, int maxReplicas = 100)
    {
        var builder = new PolicyBuilder().Named(name).Replicas(1, maxReplicas).HostedBy("nodes", podsPerNode);
        if (prewarm is { } replicas)
        {
            builder.OneOffPrewarm("sale", Start, Lead, hold: TimeSpan.FromHours(1), rampDown: TimeSpan.FromMinutes(30), replicas: replicas);
        }

        return builder.Build();
    }

    private static PolicyBuilder GroupBuilder() =>
        new PolicyBuilder().Named("nodes").VmGroupTarget().Startup(GroupStartup).Replicas(1, 50);

    /// <summary>The group as the catalog hands it out: with the node pre-warms of <paramref name="pods"/>.</summary>
    private static ScalingPolicy Linked(ScalingPolicy group, params ScalingPolicy[] pods) =>
        HostingCatalog.Link([.. pods, group]).Single(p => p.Name == group.Name);

    [Theory]
    [InlineData(37, 4, 10)]
    [InlineData(36, 4, 9)]
    [InlineData(1, 4, 1)]
    [InlineData(0, 4, 1)]   // no pods: minReplicas
    [InlineData(30, 1, 30)]
    [InlineData(31, 7, 5)]
    public void Decide_HostedPods_GroupSettlesAtCeilPodsOverPodsPerNode(int pods, int podsPerNode, int expected)
    {
        // Load alone would ask for 1 node, with no stabilization or step limit in the way: the pods decide.
        var group = GroupBuilder().Unlimited().ScaleDown(ScalingRules.DefaultScaleDown with { Stabilization = TimeSpan.Zero }).Build();
        var run = new EngineRun(group, 40, Start) { HostedPods = [new HostedPodDemand("checkout", pods, podsPerNode)] };

        var decision = run.Tick(10);

        Assert.Equal(expected, decision.Desired);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.HostedPods && s.Subject == "checkout" && s.Value == pods && s.Limit == podsPerNode);
    }

    [Fact]
    public void Decide_PodsStillUp_GroupNeverScalesBelowTheirNodesAfterTheSale()
    {
        // An hour of ticks with a load that asks for 1 node: past every stabilization window, the group holds
        // ceil(37 / 4) = 10 nodes while the pods run; once the pods scale down to 20, the group follows to 5.
        var run = new EngineRun(GroupBuilder().Build(), 20, Start) { HostedPods = [new HostedPodDemand("checkout", 37, 4)] };
        for (var minute = 0; minute < 60; minute++)
        {
            var decision = run.Advance(TimeSpan.FromMinutes(1)).Tick(10);
            Assert.True(decision.Desired >= 10, $"minute {minute}: {decision.Desired} nodes for 37 pods at 4 per node");
        }

        Assert.Equal(10, run.Current);
        Assert.Equal(ReasonCode.HostedPods, run.Last!.Reason);

        run.HostedPods = [new HostedPodDemand("checkout", 20, 4)];
        for (var minute = 0; minute < 30; minute++)
        {
            run.Advance(TimeSpan.FromMinutes(1)).Tick(10);
        }

        Assert.Equal(5, run.Current);
    }

    [Fact]
    public void Decide_HostedPodsAboveBudget_FloorIsNotCut()
    {
        var group = GroupBuilder().Unlimited().Budget(pricePerReplicaHour: 1, maxPerHour: 3).Build();
        var run = new EngineRun(group, 10, Start) { HostedPods = [new HostedPodDemand("checkout", 40, 4)] };

        var decision = run.Tick(10);

        Assert.Equal(10, decision.Desired);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.BudgetExceededByFloor && s.After == 10);
    }

    [Fact]
    public void Decide_HostedPodsAboveMaxReplicas_ClampedAndExplained()
    {
        var run = new EngineRun(GroupBuilder().Unlimited().Build(), 10, Start) { HostedPods = [new HostedPodDemand("checkout", 400, 4)] };

        var decision = run.Tick(10);

        Assert.Equal(50, decision.Desired);
        Assert.Equal(50, decision.Components.Floor);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.HostedFloorClampedToMax && s.Before == 100 && s.After == 50);
        Assert.Equal(ReasonCode.HostedFloorClampedToMax, decision.Reason);
    }

    [Fact]
    public void Decide_SeveralHostedPolicies_TheirNodesAddUp()
    {
        var run = new EngineRun(GroupBuilder().Unlimited().Build(), 1, Start)
        {
            HostedPods = [new HostedPodDemand("checkout", 10, 4), new HostedPodDemand("search", 9, 3)],
        };

        var decision = run.Tick(10);

        Assert.Equal(6, decision.Desired); // 3 + 3
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.HostedPods && s.Subject is null && s.After == 6);
    }

    [Theory]
    [InlineData(-33 * 60 - 1, null)]   // before start - lead - group startup
    [InlineData(-33 * 60, 11)]         // ceil(42 / 4) nodes, a group startup ahead of the pods' own floor
    [InlineData(-30 * 60, 11)]
    [InlineData(3600, 11)]             // start + hold
    [InlineData(3600 + (15 * 60), 6)]  // half-way down the ramp: ceil(11 x 0.5)
    [InlineData(3600 + (30 * 60), null)]
    public void Decide_HostedPodsPrewarm_GroupFloorFromStartMinusLeadMinusGroupStartup(int secondsFromStart, int? expected)
    {
        var group = Linked(GroupBuilder().Unlimited().Build(), Pods());
        var run = new EngineRun(group, 1, Start.AddSeconds(secondsFromStart));

        var decision = run.Tick(10);

        Assert.Equal(expected, decision.Components.Floor);
        if (expected is { } nodes)
        {
            Assert.Equal(nodes, decision.Desired);
            Assert.Equal(ReasonCode.HostedPrewarm, decision.Reason);
            Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.HostedPrewarm && s.Subject == "checkout/sale" && s.Value == 42 && s.After == nodes && s.Limit == 4);
        }
    }

    [Fact]
    public void Decide_NodePrewarmAndPodCountOfOnePolicy_TheLargerCountsNotTheSum()
    {
        var group = Linked(GroupBuilder().Unlimited().Build(), Pods());
        var run = new EngineRun(group, 1, Start) { HostedPods = [new HostedPodDemand("checkout", 60, 4)] };

        var decision = run.Tick(10);

        Assert.Equal(15, decision.Desired); // max(11 from the pre-warm, 15 for 60 pods), not 26
        Assert.Equal(ReasonCode.HostedPods, decision.Reason);
    }

    [Fact]
    public void Decide_HostedPodPolicy_ExplanationNamesTheGroupAndItsNodes()
    {
        var pods = new PolicyBuilder().Unlimited().HostedBy("nodes", 4).Build();
        var run = new EngineRun(pods, 10, Start);

        var decision = run.Tick(3650); // ceil(3650 / 100) = 37 pods

        Assert.Equal(37, decision.Desired);
        var step = Assert.Single(decision.Explanation, s => s.Code == ReasonCode.HostedByGroup);
        Assert.Equal(("nodes", 37, 10), (step.Subject, step.Before, step.After));
        Assert.Contains("Hosted by VM group policy nodes (4 pods per node): 37 pods need 10 nodes", ExplanationText.Describe(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_GroupSteps_NameThePodPolicy()
    {
        var group = Linked(GroupBuilder().Unlimited().Build(), Pods());
        var run = new EngineRun(group, 1, Start) { HostedPods = [new HostedPodDemand("checkout", 8, 4)] };

        var text = ExplanationText.Describe(run.Tick(10));

        Assert.Contains("[hostedPrewarm] Hosted pre-warm checkout/sale is active: 42 pods at 4 per node need 11 nodes", text, StringComparison.Ordinal);
        Assert.Contains("[hostedPods] Hosted pod policy checkout runs 8 pods at 4 per node: at least 2 nodes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoHostedPods_GroupDecisionHasNoHostingStep()
    {
        var decision = new EngineRun(GroupBuilder().Build(), 5, Start).Tick(500);

        Assert.DoesNotContain(decision.Explanation, s => s.Code is ReasonCode.HostedPods or ReasonCode.HostedPrewarm or ReasonCode.HostedByGroup);
    }
}
