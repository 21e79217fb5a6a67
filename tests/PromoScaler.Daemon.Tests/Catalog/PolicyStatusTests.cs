using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Status;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.CustomResources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Daemon.Tests.Catalog;

/// <summary>The status written back to ScalingPolicy objects, read with the real kubectl.</summary>
public sealed class PolicyStatusTests : ClusterScene
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 10, 0, 0, TimeSpan.Zero);
    private ResourceType _type = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _type = Server.Define(ScalingPolicyDefinition.Build());
        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "search", 2, readyReplicas: 2));
    }

    [Fact]
    public async Task Status_AfterATick_KubectlGetShowsLiveColumnsAndDescribeShowsConditionsAndEvents()
    {
        Server.Put(_type, PolicyObjectsTests.Policy("search"));
        await using var daemon = await StartAsync();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        var kubectl = new Kubectl(daemon.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Kubernetes:Kubeconfig"]!);
        var row = kubectl.Run("get", "sp", "-A").Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The daemon's own loop may tick once more before kubectl reads (the pods of the scale-up are then ready):
        // the status follows the newest tick, so CURRENT and REASON are those of the scale or of a tick after it.
        Assert.Equal(["shop", "search", "Deployment/search"], row[..3]);
        Assert.Contains(row[3], new[] { "2", "6" });
        Assert.Equal("6", row[4]);
        Assert.Equal("target", row[6]);
        var described = kubectl.Run("describe", "sp", "search").Output;
        Assert.Matches(@"Type:\s+Ready", described);
        Assert.Matches(@"Type:\s+Valid", described);
        Assert.True(described.Contains("SuccessfulRescale", StringComparison.Ordinal), described + string.Join("\n", daemon.Logged(6025)));
        Assert.Contains("New size: 6", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Unchanged_IsNotWrittenAgain()
    {
        Server.Put(_type, PolicyObjectsTests.Policy("search"));
        await using var daemon = await StartAsync();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 200);
        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, await Writer(daemon).WriteOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Status_InvalidEdit_ValidFalseWithTheValidateMessageAndAWarningEvent()
    {
        Server.Put(_type, PolicyObjectsTests.Policy("search"));
        await using var daemon = await StartAsync();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();
        Server.Update(_type, "shop", "search", o => o["spec"]!["guardrails"]!["minReplicas"] = 80);
        await EventuallyAsync(() => catalog.Verdicts.TryGetValue("shop/search", out var v) && !v.Valid);

        await Writer(daemon).WriteOnceAsync(CancellationToken.None);

        var status = Server.Get(_type, "shop", "search")!["status"]!;
        var valid = status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Valid")!;
        Assert.Equal("False", (string?)valid["status"]);
        Assert.StartsWith(catalog.Verdicts["shop/search"].Errors[0], (string?)valid["message"], StringComparison.Ordinal);
        Assert.Contains("generation 1 keeps running", (string?)valid["message"], StringComparison.Ordinal);
        Assert.Equal(2, (long?)status["observedGeneration"]);
        Assert.Contains(Server.List(BuiltInResources.CoreEvents, "shop"), e => (string?)e["reason"] == "InvalidPolicy");
    }

    [Fact]
    public async Task Status_Follower_WritesNothing()
    {
        Server.Put(_type, PolicyObjectsTests.Policy("search"));
        await using var daemon = await StartAsync(s => s.AddSingleton<ILeadership>(new SteppedLeadership(false)));

        Assert.Equal(0, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        Assert.Null(Server.Get(_type, "shop", "search")!["status"]);
        Assert.DoesNotContain(Server.Requests.All, r => r.Path.EndsWith("/status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_WriteRefused_IsLoggedAndRetriedNextRound()
    {
        Server.Put(_type, PolicyObjectsTests.Policy("search"));
        await using var daemon = await StartAsync();
        Server.Faults.Fail("PATCH", "/apis/promoscaler.io/v1/namespaces/shop/scalingpolicies/search/status", 429, times: 1);

        await Writer(daemon).WriteOnceAsync(CancellationToken.None);
        Assert.Contains(daemon.Logged(6025), l => l.Contains("429", StringComparison.Ordinal) || l.Contains("throttling", StringComparison.Ordinal));
        Assert.Equal(1, await Writer(daemon).WriteOnceAsync(CancellationToken.None));

        Assert.NotNull(Server.Get(_type, "shop", "search")!["status"]);
    }

    private static PolicyStatusWriter Writer(ClusterDaemon daemon) => daemon.Services.GetRequiredService<PolicyStatusWriter>();

    private async Task<ClusterDaemon> StartAsync(Action<IServiceCollection>? replace = null)
    {
        var daemon = ClusterDaemon.Create(Server, Scratch, Policies, T0, new Dictionary<string, string?>
        {
            ["Policies:Source"] = "Kubernetes",
            ["Policies:Directory"] = null,
            ["Policies:StatusInterval"] = "00:10:00",
        }, replace);
        await daemon.StartAsync();
        await EventuallyAsync(() => daemon.Services.GetRequiredService<PolicyCatalog>().Current.Generation > 0);
        return daemon;
    }
}
