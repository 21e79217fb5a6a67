using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.CustomResources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.CustomResources;

/// <summary>The informer's reflector against the in-process API server: how a watch ends decides what follows.</summary>
public sealed class ScalingPolicyInformerTests
{
    private const string WatchPath = "/apis/promoscaler.io/v1/namespaces/shop/scalingpolicies";

    [Theory]
    [InlineData(200)] // bookmarks within each watch: the stream ends after some lines
    [InlineData(3_600_000)] // none: each ends without a line, which KubernetesClient reports as an error
    public async Task Watch_EndedByItsOwnTimeout_ResumesQuietlyFromTheLastVersionWithoutARelist(int bookmarkMilliseconds)
    {
        await using var cluster = await TestCluster.StartAsync(new KubernetesApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(bookmarkMilliseconds) });
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        cluster.Server.Put(type, Policy("a"));
        var logger = new FakeLogger<ScalingPolicyInformer>();
        var informer = new ScalingPolicyInformer(cluster.Client, ["shop"], TimeProvider.System, logger) { WatchTimeout = TimeSpan.FromSeconds(1) };
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        // Three watches end by their timeout; a change after them still arrives through the resumed watch.
        await WaitAsync(() => Watches(cluster).Count >= 4);
        cluster.Server.Put(type, Policy("b"));
        await WaitAsync(() => informer.Current.Count == 2);
        await stop.CancelAsync();
        await run;

        var lists = cluster.Server.Requests.All.Where(r => r.Path == WatchPath && !r.Query.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.Single(lists);
        var resumed = Watches(cluster).Skip(1).ToList();
        Assert.All(resumed, w => Assert.Contains("resourceVersion=", w.Query, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 5024 && r.Level == LogLevel.Debug);
    }

    [Fact]
    public async Task Watch_DroppedMidStream_IsAWarningAndResumesWithoutARelist()
    {
        await using var cluster = await TestCluster.StartAsync();
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        cluster.Server.Put(type, Policy("a"));
        var logger = new FakeLogger<ScalingPolicyInformer>();
        var informer = new ScalingPolicyInformer(cluster.Client, ["shop"], TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await WaitAsync(() => Watches(cluster).Count >= 1 && informer.Synced);

        cluster.Server.DropWatches();
        cluster.Server.Put(type, Policy("b"));
        await WaitAsync(() => informer.Current.Count == 2);
        await stop.CancelAsync();
        await run;

        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 5022 && r.Level == LogLevel.Warning);
    }

    private static List<global::PromoScaler.Kubernetes.ApiServer.Diagnostics.RecordedRequest> Watches(TestCluster cluster) =>
        [.. cluster.Server.Requests.All.Where(r => r.Path == WatchPath && r.Query.Contains("watch=true", StringComparison.Ordinal))];

    private static async Task WaitAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "not reached within 20s");
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }
    }

    private static JsonObject Policy(string name) => new()
    {
        ["apiVersion"] = "promoscaler.io/v1",
        ["kind"] = "ScalingPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["target"] = new JsonObject { ["kind"] = "Deployment", ["namespace"] = "shop", ["name"] = name },
            ["metrics"] = new JsonArray(new JsonObject { ["name"] = "rps", ["query"] = "sum(rate(x[1m]))", ["targetPerReplica"] = 10 }),
            ["guardrails"] = new JsonObject { ["maxReplicas"] = 10 },
        },
    };
}
