using k8s;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.Targets;

/// <summary>HPA floor mode: current is the HPA's minReplicas; writes patch only minReplicas, never above maxReplicas.</summary>
public sealed class HpaFloorTargetTests : IAsyncLifetime
{
    private const string HpaPath = "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web";
    private TestCluster cluster = null!;
    private TargetHarness harness = null!;
    private IScaleTarget target = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        cluster.Server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "web", "web", 2, 10, currentReplicas: 7));
        harness = new TargetHarness(cluster);
        target = harness.Provider.Create(new TargetRef(TargetKind.HorizontalPodAutoscaler, "shop", "web"));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Observe_CurrentIsMinReplicas_WithTheHpasMaxAndItsCurrentCount()
    {
        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(new TargetObservation(2, StatusReplicas: 7, ReadyReplicas: null, HpaMaxReplicas: 10), read.Observation);
        Assert.Equal("10", read.Facts!["hpaMaxReplicas"]);
    }

    [Fact]
    public async Task Observe_MinReplicasUnset_IsOneAsTheApiDefaults()
    {
        cluster.Server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "web", "web", null, 10));

        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(1, read.Observation!.SpecReplicas);
    }

    [Fact]
    public async Task Write_Floor_PatchesOnlyMinReplicasAndRecordsAnEventOnTheHpa()
    {
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(new ScaleRequest(6, 2, ReasonCode.PrewarmFloor, "pre-warm double-11"), CancellationToken.None);

        var hpa = await cluster.Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "shop");
        Assert.Equal(TargetWrite.Done(6), write);
        Assert.Equal((6, 10), (hpa.Spec.MinReplicas ?? 0, hpa.Spec.MaxReplicas));
        Assert.Contains("\"minReplicas\":6", Assert.Single(cluster.Server.Requests.Matching("PATCH", HpaPath)).Body, StringComparison.Ordinal);
        var e = Assert.Single(cluster.Server.List(BuiltInResources.CoreEvents));
        Assert.Equal("HorizontalPodAutoscaler", (string?)e["involvedObject"]!["kind"]);
        Assert.Equal("New minReplicas: 6; reason: prewarmFloor: pre-warm double-11", (string?)e["message"]);
    }

    [Fact]
    public async Task Write_FloorAboveTheHpasMax_IsClippedToMaxReplicas()
    {
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(new ScaleRequest(15, 2, ReasonCode.PrewarmFloor, "pre-warm"), CancellationToken.None);

        Assert.Equal(TargetOutcome.Clipped, write.Outcome);
        Assert.Equal(10, write.Written);
        Assert.StartsWith("hpaMaxBelowFloor:", write.Detail, StringComparison.Ordinal);
        Assert.Equal(10, (await cluster.Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "shop")).Spec.MinReplicas);
    }

    [Fact]
    public async Task Write_FloorAboveMaxWhenMinIsAlreadyMax_SendsNothing()
    {
        cluster.Server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "web", "web", 10, 10));
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(new ScaleRequest(12, 10, ReasonCode.PrewarmFloor, "pre-warm"), CancellationToken.None);

        Assert.Equal((TargetOutcome.Clipped, 10), (write.Outcome, write.Written ?? 0));
        Assert.Empty(cluster.Server.Requests.Matching("PATCH", HpaPath));
        Assert.Empty(cluster.Server.List(BuiltInResources.CoreEvents));
    }

    [Fact]
    public async Task Write_FloorBelowOne_WritesOne()
    {
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(new ScaleRequest(0, 2, ReasonCode.ScaleDown, "quiet"), CancellationToken.None);

        Assert.Equal((TargetOutcome.Clipped, 1), (write.Outcome, write.Written ?? 0));
        Assert.Equal(1, (await cluster.Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "shop")).Spec.MinReplicas);
    }

    [Fact]
    public async Task Write_HpaStatusMovedSinceTheRead_IsConflict()
    {
        await target.ObserveAsync(CancellationToken.None);
        cluster.Server.Update(BuiltInResources.HorizontalPodAutoscalers, "shop", "web", h => h["spec"]!["maxReplicas"] = 4);

        var write = await target.WriteAsync(new ScaleRequest(6, 2, ReasonCode.PrewarmFloor, "pre-warm"), CancellationToken.None);

        Assert.Equal(TargetOutcome.Conflict, write.Outcome);
        Assert.Equal(2, (await cluster.Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "shop")).Spec.MinReplicas);
    }

    [Fact]
    public async Task Write_Forbidden_NamesPatchOnHorizontalPodAutoscalers()
    {
        cluster.Server.Faults.Fail("PATCH", HpaPath, 403);
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(new ScaleRequest(6, 2, ReasonCode.PrewarmFloor, "pre-warm"), CancellationToken.None);

        Assert.Equal(TargetOutcome.Forbidden, write.Outcome);
        Assert.Contains("patch horizontalpodautoscalers in namespace shop (API group autoscaling)", write.Detail, StringComparison.Ordinal);
    }
}
