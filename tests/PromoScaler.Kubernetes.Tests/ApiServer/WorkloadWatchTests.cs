using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.ApiServer;

/// <summary>List and watch of Deployments and StatefulSets, as the target watch cache uses them.</summary>
public sealed class WorkloadWatchTests
{
    [Fact]
    public async Task Watch_Deployments_FromTheListVersion_DeliversAScaleAndTheReadinessTheClockBringsWithoutARead()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new KubernetesApiServerOptions { TimeProvider = time, PodStartup = TimeSpan.FromSeconds(60) });
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3, readyReplicas: 3));
        var list = await cluster.Client.AppsV1.ListNamespacedDeploymentAsync("shop");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<(WatchEventType Type, int? Spec, int? Ready)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, d) in cluster.Client.AppsV1.WatchListNamespacedDeploymentAsync("shop", allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 10, cancellationToken: stop.Token))
            {
                lock (seen)
                {
                    seen.Add((type, d.Spec?.Replicas, d.Status?.ReadyReplicas));
                    if (d.Status?.ReadyReplicas == 5)
                    {
                        return;
                    }
                }
            }
        });

        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 5);
        time.Advance(TimeSpan.FromSeconds(61));
        await watching.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        var changes = seen.Where(e => e.Type == WatchEventType.Modified).ToList();
        Assert.Equal([(WatchEventType.Modified, 5, 3), (WatchEventType.Modified, 5, 5)], changes.Select(c => (c.Type, c.Spec, c.Ready)));
    }

    [Fact]
    public async Task Watch_StatefulSets_DeliversAChangeAfterTheListVersion()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.Put(BuiltInResources.StatefulSets, KubernetesObjects.StatefulSet("shop", "db", 3, readyReplicas: 3));
        var list = await cluster.Client.AppsV1.ListNamespacedStatefulSetAsync("shop");
        cluster.Server.Update(BuiltInResources.StatefulSets, "shop", "db", s => s["spec"]!["replicas"] = 4);

        V1StatefulSet? changed = null;
        await foreach (var (type, s) in cluster.Client.AppsV1.WatchListNamespacedStatefulSetAsync("shop", resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 5))
        {
            Assert.Equal(WatchEventType.Modified, type);
            changed = s;
            break;
        }

        Assert.Equal(4, changed!.Spec.Replicas);
    }
}
