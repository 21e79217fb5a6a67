using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.Targets;

/// <summary><c>kind: Scale</c>: any resource with a <c>/scale</c> subresource, here a registered Argo Rollout.</summary>
public sealed class ScaleTargetTests : IAsyncLifetime
{
    private const string ScalePath = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/scale";
    private static readonly TargetRef Rollout = new(TargetKind.Scale, "shop", "checkout", "argoproj.io/v1alpha1", "rollouts");
    private readonly ResourceType rollouts = KubernetesObjects.ScalableCustomResource("argoproj.io", "v1alpha1", "rollouts", "Rollout");
    private TestCluster cluster = null!;
    private TargetHarness harness = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        cluster.Server.Register(rollouts);
        cluster.Server.Put(rollouts, KubernetesObjects.CustomScalable(rollouts, "shop", "checkout", 4));
        harness = new TargetHarness(cluster);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task ObserveAndWrite_CustomResource_UseOnlyItsScaleSubresource()
    {
        var target = harness.Provider.Create(Rollout);

        var read = await target.ObserveAsync(CancellationToken.None);
        var write = await target.WriteAsync(TargetHarness.Request(9, 4), CancellationToken.None);

        Assert.Equal(new TargetObservation(4, 4), read.Observation);
        Assert.Equal(TargetWrite.Done(9), write);
        Assert.Equal(9, (int)cluster.Server.Get(rollouts, "shop", "checkout")!["spec"]!["replicas"]!);
        Assert.All(cluster.Server.Requests.All.Where(r => r.Path.Contains("/rollouts/", StringComparison.Ordinal)), r => Assert.EndsWith("/scale", r.Path, StringComparison.Ordinal));
        var e = Assert.Single(cluster.Server.List(BuiltInResources.CoreEvents));
        Assert.Equal("argoproj.io/v1alpha1", (string?)e["involvedObject"]!["apiVersion"]);
        Assert.Equal("checkout", (string?)e["involvedObject"]!["name"]);
    }

    [Fact]
    public async Task Write_StaleVersion_IsConflict()
    {
        var target = harness.Provider.Create(Rollout);
        await target.ObserveAsync(CancellationToken.None);
        cluster.Server.Update(rollouts, "shop", "checkout", r => r["spec"]!["replicas"] = 5);

        var write = await target.WriteAsync(TargetHarness.Request(9, 4), CancellationToken.None);

        Assert.Equal(TargetOutcome.Conflict, write.Outcome);
        Assert.Equal(5, (int)cluster.Server.Get(rollouts, "shop", "checkout")!["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Observe_ResourceNotServed_IsNotFound()
    {
        var read = await harness.Provider.Create(Rollout with { Resource = "canaries" }).ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.NotFound, read.Outcome);
    }

    [Fact]
    public async Task Write_Forbidden_NamesTheResourcesScaleSubresource()
    {
        cluster.Server.Faults.Fail("GET", ScalePath, 403);

        var read = await harness.Provider.Create(Rollout).ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Forbidden, read.Outcome);
        Assert.Contains("get rollouts/scale in namespace shop (API group argoproj.io)", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_CoreGroupApiVersion_IsRejectedWithoutACall()
    {
        var read = await harness.Provider.Create(new TargetRef(TargetKind.Scale, "shop", "rc", "v1", "replicationcontrollers")).ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Rejected, read.Outcome);
        Assert.Empty(cluster.Server.Requests.All);
    }

    [Fact]
    public void Serves_KubernetesKinds_AndScaleOnlyWithApiVersionAndResource()
    {
        Assert.True(harness.Provider.Serves(new TargetRef(TargetKind.Deployment, "shop", "web")));
        Assert.True(harness.Provider.Serves(new TargetRef(TargetKind.HorizontalPodAutoscaler, "shop", "web")));
        Assert.True(harness.Provider.Serves(Rollout));
        Assert.False(harness.Provider.Serves(Rollout with { Resource = null }));
    }
}
