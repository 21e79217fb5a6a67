using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.Targets;

/// <summary>
/// Deployment and StatefulSet targets observed from the watch cache (<c>Kubernetes:TargetCache</c>), against the
/// in-process API server: no GET per tick while the cache is current, a GET when it is stale, down or behind, and the
/// write still the conditional PATCH whose conflict re-reads with a GET.
/// </summary>
public sealed class WorkloadCacheTests : IAsyncLifetime
{
    private const string ObjectPath = "/apis/apps/v1/namespaces/shop/deployments/web";
    private const string CollectionPath = "/apis/apps/v1/namespaces/shop/deployments";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        // Bookmarks rare, so only the list, events and the watch's own end (MaxAge / 3 = 10s) confirm the cache.
        cluster = await TestCluster.StartAsync(new KubernetesApiServerOptions { BookmarkInterval = TimeSpan.FromHours(1) });
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3, readyReplicas: 2));
        cluster.Server.Put(BuiltInResources.StatefulSets, KubernetesObjects.StatefulSet("shop", "db", 4, readyReplicas: 4));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Observe_CacheOnAndCurrent_TwentyTicksMakeNoGetOfTheTarget()
    {
        var harness = Cached();
        var target = harness.Deployment();
        await SyncedAsync(target);
        cluster.Server.Requests.Clear();

        var reads = new List<TargetRead>();
        for (var tick = 0; tick < 20; tick++)
        {
            reads.Add(await target.ObserveAsync(CancellationToken.None));
        }

        Assert.All(reads, r => Assert.Equal(new TargetObservation(3, 3, 2), r.Observation));
        Assert.All(reads, r => Assert.Equal("watchCache", r.ObservedFrom));
        Assert.All(reads, r => Assert.StartsWith("watch cache, confirmed ", r.Facts!["observedFrom"], StringComparison.Ordinal));
        Assert.Empty(cluster.Server.Requests.Matching("GET", ObjectPath));
        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Observe_StatefulSet_ComesFromTheCacheToo()
    {
        var harness = Cached();
        var target = harness.StatefulSet("db");

        var read = await SyncedAsync(target);

        Assert.Equal(new TargetObservation(4, 4, 4), read.Observation);
        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Observe_TargetChangedBySomeoneElse_IsSeenFromTheCacheWithinTheBound()
    {
        var harness = Cached();
        var target = harness.Deployment();
        await SyncedAsync(target);
        cluster.Server.Requests.Clear();

        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 8);
        var read = await UntilAsync(target, r => r.Observation?.SpecReplicas == 8);

        Assert.Equal("watchCache", read.ObservedFrom);
        Assert.Empty(cluster.Server.Requests.Matching("GET", ObjectPath));
        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Observe_WatchCutAndNotResumable_FallsBackToGet()
    {
        var harness = Cached();
        var target = harness.Deployment();
        await SyncedAsync(target);

        cluster.Server.Faults.Fail("GET", CollectionPath, 500);
        cluster.Server.DropWatches();
        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 6);
        var read = await UntilAsync(target, r => r.ObservedFrom == "cacheDown");

        Assert.Equal(6, read.Observation!.SpecReplicas);
        Assert.NotEmpty(cluster.Server.Requests.Matching("GET", ObjectPath));
        Assert.StartsWith("GET (cacheDown", read.Facts!["observedFrom"], StringComparison.Ordinal);
        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Observe_CacheOlderThanMaxAge_FallsBackToGet()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var harness = Cached(time);
        var target = harness.Deployment();
        await SyncedAsync(target);
        cluster.Server.Requests.Clear();

        time.Advance(TimeSpan.FromSeconds(31));
        var read = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal("cacheStale", read.ObservedFrom);
        Assert.True(read.CacheAge >= TimeSpan.FromSeconds(31), $"age {read.CacheAge}");
        Assert.Single(cluster.Server.Requests.Matching("GET", ObjectPath));
        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Write_OnACachedObservationChangedMeanwhile_Is409AndTheNextObserveIsAGet()
    {
        var harness = Cached();
        var target = harness.Deployment();
        await SyncedAsync(target);
        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 8);

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);
        cluster.Server.Requests.Clear();
        var reread = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Conflict, write.Outcome);
        Assert.Equal("conflict", reread.ObservedFrom);
        Assert.Equal(8, reread.Observation!.SpecReplicas);
        Assert.Single(cluster.Server.Requests.Matching("GET", ObjectPath));
        Assert.Equal(8, (int)cluster.Server.Get(BuiltInResources.Deployments, "shop", "web")!["spec"]!["replicas"]!);
        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Observe_RightAfterItsOwnWrite_NeverShowsTheCountBeforeIt()
    {
        var harness = Cached();
        var target = harness.Deployment();
        await SyncedAsync(target);

        for (var replicas = 4; replicas <= 9; replicas++)
        {
            var write = await target.WriteAsync(TargetHarness.Request(replicas, replicas - 1), CancellationToken.None);
            var read = await target.ObserveAsync(CancellationToken.None);

            Assert.Equal(TargetOutcome.Ok, write.Outcome);
            Assert.Equal(replicas, read.Observation!.SpecReplicas);
            Assert.Contains(read.ObservedFrom, new[] { "watchCache", "cacheBehind" });
        }

        ((IDisposable)harness.Provider).Dispose();
    }

    [Fact]
    public async Task Observe_CacheOff_IsAGetEveryTickAndSaysNothingOfACache()
    {
        var target = new TargetHarness(cluster).Deployment();

        var reads = new[] { await target.ObserveAsync(CancellationToken.None), await target.ObserveAsync(CancellationToken.None) };

        Assert.All(reads, r => Assert.Null(r.ObservedFrom));
        Assert.All(reads, r => Assert.Null(r.Facts));
        Assert.Equal(2, cluster.Server.Requests.Matching("GET", ObjectPath).Count);
        Assert.Empty(cluster.Server.Requests.Matching("GET", CollectionPath));
    }

    private TargetHarness Cached(TimeProvider? time = null) =>
        new(cluster, o => o.TargetCache = new() { Enabled = true, MaxAge = TimeSpan.FromSeconds(30) }, time);

    // The first observe starts the cache (and reads with a GET); later ones come from it once it listed.
    private static Task<TargetRead> SyncedAsync(IScaleTarget target) => UntilAsync(target, r => r.ObservedFrom == "watchCache");

    private static async Task<TargetRead> UntilAsync(IScaleTarget target, Func<TargetRead, bool> done)
    {
        var until = TimeProvider.System.GetUtcNow() + Bound;
        while (true)
        {
            var read = await target.ObserveAsync(CancellationToken.None);
            if (done(read))
            {
                return read;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < until, $"not within {Bound}: last read {read.ObservedFrom} {read.Observation}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
