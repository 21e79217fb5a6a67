using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Commands;
using PromoScaler.Cli.Tests.Infrastructure;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands;

/// <summary>
/// preflight with <c>--kubeconfig</c> against the in-process API server (HPA maxReplicas, namespace ResourceQuotas),
/// and the hosting VM group's capacity for a pod policy with <c>hostedBy</c>.
/// </summary>
public sealed class PreflightClusterTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);
    private const string Double11 = "    - { name: double-11, start: 2026-11-11T00:00:00+08:00, lead: 30m, replicas: 40, hold: 2h }";

    private readonly TempDirectory _dir = new();
    private KubernetesApiServer _server = null!;

    public async Task InitializeAsync() => _server = await KubernetesApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static string Policy(string name, string target, int maxReplicas, string spec = "", string prewarm = Double11) =>
        PreflightCommandTests.Policy(name, target, maxReplicas, prewarm, spec: spec);

    private async Task<(int Exit, JsonElement Report, string Errors)> RunAsync(bool kubeconfig = true)
    {
        var console = new TestConsole();
        console.Profile.Width = 1000;
        var errors = new TestConsole();
        var request = new PreflightRequest(Path.Combine(_dir.Path, "policies"), PreflightCommand.DefaultWithin, null, Offline: true, Json: true)
        {
            Kubeconfig = kubeconfig ? _server.WriteKubeconfig(Path.Combine(_dir.Path, "kubeconfig"), "shop") : null,
        };
        var exit = await PreflightCommand.RunAsync(request, console, errors, new FakeTimeProvider(Now), null, CancellationToken.None);
        using var json = JsonDocument.Parse(console.Output);
        return (exit, json.RootElement.Clone(), errors.Output);
    }

    private void WritePolicy(string file, string text)
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "policies"));
        File.WriteAllText(Path.Combine(_dir.Path, "policies", file), text);
    }

    private static JsonElement Prewarm(JsonElement report, string policy) =>
        report.GetProperty("prewarms").EnumerateArray().Single(p => p.GetProperty("policy").GetString() == policy);

    private static List<(string Limit, int Value, int Short)> Blocks(JsonElement prewarm) =>
        [.. prewarm.GetProperty("blocks").EnumerateArray().Select(b => (b.GetProperty("limit").GetString()!, b.GetProperty("value").GetInt32(), b.GetProperty("short").GetInt32()))];

    private static List<string> Notes(JsonElement prewarm) => [.. prewarm.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!)];

    private static JsonObject WithCpuRequest(JsonObject deployment, string cpu)
    {
        deployment["spec"]!["template"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "web",
                    ["image"] = "web:1",
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu } },
                }),
            },
        };
        return deployment;
    }

    [Fact]
    public async Task RunAsync_HpaMaxReplicasBelowFloor_BlockedByTheHpa()
    {
        WritePolicy("web.yaml", Policy("web", "{ kind: HorizontalPodAutoscaler, namespace: shop, name: web }", 100));
        _server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "web", "web", 2, maxReplicas: 25));

        var (exit, report, _) = await RunAsync();

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Equal([("HPA maxReplicas", 25, 15)], Blocks(Prewarm(report, "web")));
        Assert.Equal(25, Prewarm(report, "web").GetProperty("reachable").GetInt32());
    }

    [Fact]
    public async Task RunAsync_QuotaOnPodsAndCpu_EachHardLimitThatHoldsTheFloorIsABlock()
    {
        // 10 pods run; the quota has room for 8 more pods and 3 more cores (6 pods at 500m).
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100));
        _server.Put(BuiltInResources.Deployments, WithCpuRequest(KubernetesObjects.Deployment("shop", "web", 10), "500m"));
        _server.Put(BuiltInResources.ResourceQuotas, KubernetesObjects.ResourceQuota(
            "shop", "shop-quota", new Dictionary<string, string> { ["pods"] = "30", ["requests.cpu"] = "20" }, new Dictionary<string, string> { ["pods"] = "22", ["requests.cpu"] = "17" }));

        var (exit, report, _) = await RunAsync();

        Assert.Equal(ExitCodes.Invalid, exit);
        var prewarm = Prewarm(report, "web");
        Assert.Equal([("ResourceQuota shop-quota pods", 18, 22), ("ResourceQuota shop-quota requests.cpu", 16, 24)], Blocks(prewarm));
        Assert.Equal(16, prewarm.GetProperty("reachable").GetInt32());
    }

    [Fact]
    public async Task RunAsync_QuotaWithRoom_FloorReachable()
    {
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100));
        _server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 10));
        _server.Put(BuiltInResources.ResourceQuotas, KubernetesObjects.ResourceQuota(
            "shop", "shop-quota", new Dictionary<string, string> { ["pods"] = "100" }, new Dictionary<string, string> { ["pods"] = "10" }));

        var (exit, report, _) = await RunAsync();

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Empty(Blocks(Prewarm(report, "web")));
    }

    [Fact]
    public async Task RunAsync_QuotaForbidden_SkippedWithANote()
    {
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100));
        _server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 10));
        _server.Faults.Fail("GET", "/api/v1/namespaces/shop/resourcequotas", 403);

        var (exit, report, _) = await RunAsync();

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("ResourceQuota of namespace shop skipped (forbidden)", Notes(Prewarm(report, "web")));
    }

    [Fact]
    public async Task RunAsync_TargetMissing_NotedNotFatal()
    {
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100));

        var (exit, report, _) = await RunAsync();

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Deployment shop/web not readable (not found): HPA maxReplicas and quotas not checked", Notes(Prewarm(report, "web")));
    }

    [Fact]
    public async Task RunAsync_HostingGroupTooSmall_PodsBlockedByTheGroupAndTheGroupsNodePrewarmByItsMax()
    {
        // 40 pods at 4 per node need 10 nodes; the group allows 6: 24 pods, short by 16; its node pre-warm short by 4.
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100, "  hostedBy: nodes\n  podsPerNode: 4"));
        WritePolicy("nodes.yaml", Policy("nodes", "{ kind: AwsAutoScalingGroup, region: us-east-1, groupName: web-nodes }", 6, "  startup: 5m", prewarm: "    []"));

        var (exit, report, _) = await RunAsync(kubeconfig: false);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Equal([("hosting group nodes (maxReplicas 6 x 4 pods per node)", 24, 16)], Blocks(Prewarm(report, "web")));
        var nodes = Prewarm(report, "nodes");
        Assert.Equal("web/double-11", nodes.GetProperty("window").GetString());
        Assert.Equal(10, nodes.GetProperty("floor").GetInt32());
        Assert.Equal("2026-11-10T23:25:00+08:00", nodes.GetProperty("activeFrom").GetString()); // start - 30m lead - 5m startup
        Assert.Equal([("maxReplicas", 6, 4)], Blocks(nodes));
    }

    [Fact]
    public async Task RunAsync_HostingGroupLargeEnough_NotesTheNodesNeeded()
    {
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100, "  hostedBy: nodes\n  podsPerNode: 4"));
        WritePolicy("nodes.yaml", Policy("nodes", "{ kind: AwsAutoScalingGroup, region: us-east-1, groupName: web-nodes }", 20, prewarm: "    []"));

        var (exit, report, _) = await RunAsync(kubeconfig: false);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("needs 10 nodes of nodes (maxReplicas 20)", Notes(Prewarm(report, "web")));
    }
    [Fact]
    public async Task RunAsync_TwoHostedPolicies_GroupsNodePrewarmCountsBoth()
    {
        // 40 pods at 4 per node (10 nodes) and 40 at 8 per node (5): the group needs 15 at the start, and allows 12.
        WritePolicy("web.yaml", Policy("web", "{ kind: Deployment, namespace: shop, name: web }", 100, "  hostedBy: nodes\n  podsPerNode: 4"));
        WritePolicy("api.yaml", Policy("api", "{ kind: Deployment, namespace: shop, name: api }", 100, "  hostedBy: nodes\n  podsPerNode: 8"));
        WritePolicy("nodes.yaml", Policy("nodes", "{ kind: AwsAutoScalingGroup, region: us-east-1, groupName: web-nodes }", 12, prewarm: "    []"));

        var (exit, report, _) = await RunAsync(kubeconfig: false);

        Assert.Equal(ExitCodes.Invalid, exit);
        var web = report.GetProperty("prewarms").EnumerateArray().Single(p => p.GetProperty("window").GetString() == "web/double-11");
        Assert.Equal(15, web.GetProperty("floor").GetInt32());
        Assert.Equal([("maxReplicas", 12, 3)], Blocks(web));
        Assert.Contains("nodes for every hosted pod policy at start: 5 (api) + 10 (web)", Notes(web));
    }
}
