using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Policies.Hosting;

public sealed class HostingCatalogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero);

    private static ScalingPolicy Group(string name = "nodes") =>
        new PolicyBuilder().Named(name).VmGroupTarget("asg-" + name).Startup(TimeSpan.FromMinutes(4)).Replicas(1, 50).Build();

    private static ScalingPolicy Pods(string name, string host, int podsPerNode, int replicas, int maxReplicas = 100) =>
        new PolicyBuilder().Named(name).Replicas(1, maxReplicas).HostedBy(host, podsPerNode)
            .OneOffPrewarm("sale", Start, TimeSpan.FromMinutes(20), TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), replicas: replicas)
            .Build();

    [Fact]
    public void Link_PodFloorAboveItsMaxReplicas_NodeFloorFromTheClampedPods()
    {
        // The pods never run more than their maxReplicas, so the nodes are sized for 100 pods, not 500.
        var linked = HostingCatalog.Link([Pods("checkout", "nodes", 4, replicas: 500), Group()]);

        var hosted = Assert.Single(linked.Single(p => p.Name == "nodes").Spec.HostedPrewarm);
        Assert.Equal((100, 25), (hosted.PodFloor, hosted.Window.Replicas));
        Assert.Equal(TimeSpan.FromMinutes(24), hosted.Window.Lead);
        Assert.Equal((Start, TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)), (hosted.Window.Start!.Value, hosted.Window.Hold, hosted.Window.RampDown));
    }

    [Fact]
    public void Link_AppliedTwice_SameWindowsNotDoubled()
    {
        var once = HostingCatalog.Link([Pods("checkout", "nodes", 4, 40), Group()]);

        var twice = HostingCatalog.Link(once);

        Assert.Single(twice.Single(p => p.Name == "nodes").Spec.HostedPrewarm);
    }

    [Fact]
    public void Link_PodPolicyGainsARuntimePrewarm_RelinkingDerivesItsNodes()
    {
        var pods = Pods("checkout", "nodes", 4, 40);
        var once = HostingCatalog.Link([pods, Group()]);
        var runtime = new PrewarmWindow("flash", Start.AddDays(1), null, TimeSpan.FromMinutes(10), 8, null, TimeSpan.FromMinutes(30), TimeSpan.Zero);
        var withRuntime = once.Select(p => p.Name == "checkout" ? p with { Spec = p.Spec with { Prewarm = [.. p.Spec.Prewarm, runtime] } } : p).ToList();

        var relinked = HostingCatalog.Link(withRuntime).Single(p => p.Name == "nodes").Spec.HostedPrewarm;

        Assert.Equal(["checkout/sale", "checkout/flash"], relinked.Select(h => h.Window.Name));
        Assert.Equal(2, relinked[1].Window.Replicas);
    }

    [Fact]
    public void Link_EachGroupGetsOnlyItsOwnPods()
    {
        var linked = HostingCatalog.Link([Pods("a", "east", 2, 10), Pods("b", "west", 5, 10), Group("east"), Group("west")]);

        Assert.Equal("a/sale", Assert.Single(linked.Single(p => p.Name == "east").Spec.HostedPrewarm).Window.Name);
        Assert.Equal("b/sale", Assert.Single(linked.Single(p => p.Name == "west").Spec.HostedPrewarm).Window.Name);
        Assert.Empty(linked.Single(p => p.Name == "a").Spec.HostedPrewarm);
    }

    [Fact]
    public void EvaluationOrder_PodsBeforeTheGroupThatHostsThem()
    {
        var order = HostingCatalog.EvaluationOrder([Group(), Pods("checkout", "nodes", 4, 40), new PolicyBuilder().Named("search").Build()]);

        Assert.Equal(["checkout", "search", "nodes"], order.Select(p => p.Name));
    }

    [Fact]
    public void HostedBy_ListsThePodPoliciesOfOneGroup()
    {
        var policies = new[] { Group(), Pods("a", "nodes", 2, 10), Pods("b", "other", 2, 10), Pods("c", "nodes", 2, 10) };

        Assert.Equal(["a", "c"], HostingCatalog.HostedBy(policies, "nodes").Select(p => p.Name));
    }

    [Theory]
    [InlineData(0, 4, 0)]
    [InlineData(1, 4, 1)]
    [InlineData(4, 4, 1)]
    [InlineData(5, 4, 2)]
    [InlineData(int.MaxValue, 1, int.MaxValue)]
    [InlineData(int.MaxValue, 2, 1073741824)]
    public void NodesFor_IsCeilOfPodsOverPodsPerNode(int pods, int podsPerNode, int expected)
    {
        Assert.Equal(expected, HostingLink.NodesFor(pods, podsPerNode));
    }

    [Fact]
    public void HostedPodDemand_From_ScaleCountsTheWrittenCount_OtherwiseWhatRuns()
    {
        var pods = Pods("checkout", "nodes", 4, 40);
        var observed = new TargetObservation(12);

        Assert.Equal(30, HostedPodDemand.From(pods, Decided(DecisionAction.Scale, desired: 30, current: 12), observed)!.Value.Pods);
        Assert.Equal(12, HostedPodDemand.From(pods, Decided(DecisionAction.None, desired: 30, current: 12), observed)!.Value.Pods);
        Assert.Null(HostedPodDemand.From(new PolicyBuilder().Build(), Decided(DecisionAction.Scale, 30, 12), observed));
    }

    [Fact]
    public void HostedPodDemand_From_HpaRunningMoreThanItsFloor_CountsThePodsThatRun()
    {
        var pods = new PolicyBuilder().HpaTarget().HostedBy("nodes", 4).Build();

        var demand = HostedPodDemand.From(pods, Decided(DecisionAction.None, 10, 10), new TargetObservation(10, StatusReplicas: 33))!.Value;

        Assert.Equal((33, 9), (demand.Pods, demand.Nodes));
    }

    private static Decision Decided(DecisionAction action, int desired, int current) =>
        new(action, desired, current, ReasonCode.NoChange, default, [], EngineState.Empty);
}
