using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.ApiServer;

public sealed class PodReadinessTests
{
    [Fact]
    public async Task ScaleUp_NewPodsBecomeReadyAfterStartup_OnTheServersClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new KubernetesApiServerOptions { TimeProvider = clock, PodStartup = TimeSpan.FromSeconds(90) });
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3));

        await cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", "shop");
        var justScaled = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        clock.Advance(TimeSpan.FromSeconds(89));
        var almost = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        clock.Advance(TimeSpan.FromSeconds(1));
        var started = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");

        Assert.Equal((5, 3), (justScaled.Status.Replicas ?? 0, justScaled.Status.ReadyReplicas ?? 0));
        Assert.Equal(3, almost.Status.ReadyReplicas);
        Assert.Equal(5, started.Status.ReadyReplicas);
        Assert.NotEqual(almost.Metadata.ResourceVersion, started.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ScaleDown_RemovesNotYetReadyPodsFirst()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new KubernetesApiServerOptions { TimeProvider = clock, PodStartup = TimeSpan.FromSeconds(60) });
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 2));

        await cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":6}}""", V1Patch.PatchType.MergePatch), "web", "shop");
        await cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", "shop");
        var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");

        Assert.Equal(3, deployment.Status.Replicas);
        Assert.Equal(2, deployment.Status.ReadyReplicas);
    }
}
