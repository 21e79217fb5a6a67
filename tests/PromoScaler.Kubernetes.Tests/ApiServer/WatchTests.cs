using System.Text.Json.Nodes;
using k8s;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.CustomResources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.ApiServer;

public sealed class WatchTests
{
    private const string Group = ScalingPolicyDefinition.Group;
    private const string Version = ScalingPolicyDefinition.Version;
    private const string Plural = ScalingPolicyDefinition.Plural;

    [Fact]
    public async Task Watch_FromListVersion_DeliversEveryLaterChangeInOrder()
    {
        await using var cluster = await TestCluster.StartAsync();
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        cluster.Server.Put(type, Policy("before"));
        var list = await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Group, Version, "shop", Plural);
        var from = (string)list["metadata"]!["resourceVersion"]!;

        cluster.Server.Put(type, Policy("added"));
        cluster.Server.Update(type, "shop", "before", o => o["spec"]!["interval"] = "30s");
        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, "shop", Plural, "added");

        var events = await Collect(cluster, from, count: 3, bookmarks: false);

        Assert.Equal(["ADDED added", "MODIFIED before", "DELETED added"], events.Select(e => $"{e.Type} {e.Name}"));
        Assert.True(long.Parse(events[0].Version) < long.Parse(events[1].Version) && long.Parse(events[1].Version) < long.Parse(events[2].Version));
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithEveryObjectAsAdded()
    {
        await using var cluster = await TestCluster.StartAsync();
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        cluster.Server.Put(type, Policy("a"));
        cluster.Server.Put(type, Policy("b"));

        var events = await Collect(cluster, from: null, count: 2, bookmarks: false);

        Assert.Equal(["ADDED a", "ADDED b"], events.Select(e => $"{e.Type} {e.Name}"));
    }

    [Fact]
    public async Task Watch_NothingChanging_SendsBookmarksWithTheLatestVersion()
    {
        await using var cluster = await TestCluster.StartAsync(new KubernetesApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        var latest = (string)cluster.Server.Put(type, Policy("a"))["metadata"]!["resourceVersion"]!;

        var events = await Collect(cluster, latest, count: 2, bookmarks: true);

        Assert.All(events, e => Assert.Equal(("BOOKMARK", latest), (e.Type, e.Version)));
    }

    [Fact]
    public async Task Watch_FromCompactedVersion_EndsWithExpired410()
    {
        await using var cluster = await TestCluster.StartAsync();
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        var old = (string)cluster.Server.Put(type, Policy("a"))["metadata"]!["resourceVersion"]!;
        cluster.Server.Put(type, Policy("b"));
        cluster.Server.CompactHistory();

        var errors = new List<Exception>();

        var events = await Collect(cluster, old, count: 1, bookmarks: false, errors.Add);

        Assert.Empty(events);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal((410, "Expired"), (status.Code, status.Reason));
    }

    [Fact]
    public async Task DropWatches_EndsAnOpenWatchAbruptly()
    {
        await using var cluster = await TestCluster.StartAsync();
        var type = cluster.Server.Define(ScalingPolicyDefinition.Build());
        var latest = (string)cluster.Server.Put(type, Policy("a"))["metadata"]!["resourceVersion"]!;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, "shop", Plural, resourceVersion: latest, onError: _ => { }))
            {
            }
        });
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);

        cluster.Server.DropWatches();

        var ended = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System));
        Assert.Same(reading, ended);
    }

    internal static JsonObject Policy(string name, string ns = "shop") => new()
    {
        ["apiVersion"] = "promoscaler.io/v1",
        ["kind"] = "ScalingPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["target"] = new JsonObject { ["kind"] = "Deployment", ["namespace"] = ns, ["name"] = name },
            ["metrics"] = new JsonArray(new JsonObject { ["name"] = "rps", ["query"] = "sum(rate(x[1m]))", ["targetPerReplica"] = 10 }),
            ["guardrails"] = new JsonObject { ["maxReplicas"] = 10 },
        },
    };

    private static async Task<List<(string Type, string Name, string Version, JsonObject Object)>> Collect(TestCluster cluster, string? from, int count, bool bookmarks, Action<Exception>? onError = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<(string, string, string, JsonObject)>();
        var watch = cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            Group, Version, "shop", Plural, allowWatchBookmarks: bookmarks, resourceVersion: from, onError: onError ?? (_ => { }), cancellationToken: timeout.Token);
        await foreach (var (type, item) in watch)
        {
            var o = TestCluster.Json(item);
            events.Add((type.ToString().ToUpperInvariant(), (string?)o["metadata"]?["name"] ?? string.Empty, (string?)o["metadata"]?["resourceVersion"] ?? string.Empty, o));
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}
