using k8s;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace PromoScaler.Daemon.Tests.EndToEnd;

/// <summary>
/// The daemon as <c>promoscaler run</c> composes it, scaling Deployments of an in-process Kubernetes API server
/// through the real KubernetesClient: the write and its Event, the API's refusals as outcomes, log lines and
/// metrics, the ConfigMap state store over a restart, and two replicas electing one writer on a Lease.
/// </summary>
public sealed class KubernetesEndToEndTests : ClusterScene
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private const string ScalePath = "/apis/apps/v1/namespaces/shop/deployments/checkout/scale";

    private ClusterDaemon Daemon(IDictionary<string, string?>? settings = null, DateTimeOffset? start = null) =>
        ClusterDaemon.Create(Server, Scratch, Policies, start ?? T0, settings);

    [Fact]
    public async Task Surge_PatchesTheScaleSubresourceInTheSameTick_AndRecordsARescaleEventWithTheReason()
    {
        await using var daemon = Daemon();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
        await daemon.TickAsync();
        Assert.Equal(2, Replicas());

        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
        var reports = await daemon.AdvanceAndTickAsync(Interval);

        Assert.Equal("ok", Assert.Single(reports).Write);
        Assert.True(Replicas() > 2, $"still {Replicas()}");
        Assert.Single(Server.Requests.Matching("PATCH", ScalePath));
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Scratch.File("kubeconfig")));
        var events = await client.CoreV1.ListNamespacedEventAsync("shop", fieldSelector: "involvedObject.kind=Deployment,involvedObject.name=checkout");
        var e = Assert.Single(events.Items);
        Assert.Equal("SuccessfulRescale", e.Reason);
        Assert.StartsWith($"New size: {Replicas()}; reason: ", e.Message, StringComparison.Ordinal);
        Assert.Equal("promoscaler-test", e.ReportingInstance);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_writes_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"ok\"}"));
    }

    [Theory]
    [InlineData(403, "forbidden", "patch deployments/scale in namespace shop")]
    [InlineData(429, "throttled", "429")]
    [InlineData(500, "unavailable", "500")]
    public async Task RefusedWrite_IsATypedOutcome_LoggedAndCounted_AndTheDeploymentKeepsItsCount(int status, string outcome, string logged)
    {
        await using var daemon = Daemon();
        Server.Faults.Fail("PATCH", ScalePath, status);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Equal(outcome, report.Write);
        Assert.Equal(2, Replicas());
        Assert.Contains(daemon.Logged(6042), m => m.Contains(logged, StringComparison.Ordinal));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, $"promoscaler_target_writes_total{{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"{outcome}\"}}"));
    }

    [Fact]
    public async Task StaleWrite_409_IsReReadAndDecidedAgain_ThenWrittenOnce()
    {
        await using var daemon = Daemon();
        Server.Faults.Fail("PATCH", ScalePath, 409, times: 1);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);

        await daemon.TickAsync();

        Assert.True(Replicas() > 2);
        Assert.Equal(2, Server.Requests.Matching("PATCH", ScalePath).Count);
        Assert.Single(daemon.Logged(6043));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_writes_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"conflict\"}"));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_writes_total{policy=\"checkout\",target_kind=\"Deployment\",outcome=\"ok\"}"));
    }

    [Fact]
    public async Task MissingDeployment_IsNotFound_NothingWritten_AndFoundOnceCreated()
    {
        await File.WriteAllTextAsync(Path.Combine(Policies, "checkout.yaml"), DaemonPolicyYaml.Policy("ghost"));
        await using var daemon = Daemon();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("ghost"), 900);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Contains("notFound", report.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests.All, r => r.Method == "PATCH");
        Assert.Contains(daemon.Logged(6044), m => m.Contains("NotFound", StringComparison.Ordinal));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_target_reads_total{policy=\"ghost\",target_kind=\"Deployment\",outcome=\"notFound\"}"));

        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "ghost", 2, readyReplicas: 2));
        await daemon.AdvanceAndTickAsync(Interval);
        Assert.True((int)Server.Get(BuiltInResources.Deployments, "shop", "ghost")!["spec"]!["replicas"]! > 2);
    }

    [Fact]
    public async Task BadEdit_IsRejectedWhileTheOldVersionKeepsScaling_AndARemovedPolicyStopsWriting()
    {
        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "search", 2, readyReplicas: 2));
        await File.WriteAllTextAsync(Path.Combine(Policies, "search.yaml"), DaemonPolicyYaml.Policy("search"));
        await using var daemon = Daemon();
        var catalog = daemon.Services.GetRequiredService<PolicyCatalog>();
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 200);
        await daemon.TickAsync();

        await File.WriteAllTextAsync(Path.Combine(Policies, "search.yaml"), DaemonPolicyYaml.Policy("search").Replace("maxReplicas: 50", "maxReplicas: many", StringComparison.Ordinal));
        Assert.Equal(ReloadOutcome.Rejected, catalog.Reload());
        daemon.Metrics.Set(DaemonPolicyYaml.Query("search"), 1200);
        await daemon.AdvanceAndTickAsync(Interval);
        Assert.True((int)Server.Get(BuiltInResources.Deployments, "shop", "search")!["spec"]!["replicas"]! > 2, "the last good search policy stopped");
        Assert.Contains(daemon.Logged(6021), m => m.Contains("search.yaml:", StringComparison.Ordinal));

        var written = Server.Requests.Matching("PATCH", ScalePath).Count;
        File.Delete(Path.Combine(Policies, "checkout.yaml"));
        await File.WriteAllTextAsync(Path.Combine(Policies, "search.yaml"), DaemonPolicyYaml.Policy("search"));
        Assert.Equal(ReloadOutcome.Applied, catalog.Reload());
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 4000);
        for (var i = 0; i < 4; i++)
        {
            Assert.DoesNotContain(await daemon.AdvanceAndTickAsync(Interval), r => r.Policy == "checkout");
        }

        Assert.Equal(written, Server.Requests.Matching("PATCH", ScalePath).Count);
    }

    [Fact]
    public async Task ConfigMapStore_RestartMidStabilization_DoesNotScaleDownBeforeTheWindowHasPassed()
    {
        var settings = new Dictionary<string, string?> { ["State:Kind"] = "configmap" };
        await using (var first = Daemon(settings))
        {
            first.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
            await first.TickAsync();
            await first.AdvanceAndTickAsync(Interval);
            first.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 100);
            await first.AdvanceAndTickAsync(Interval);
        }

        var peak = Replicas();
        Assert.True(peak > 2);
        var stored = Server.Get(BuiltInResources.ConfigMaps, "shop", "promoscaler-state");
        Assert.NotNull(stored);
        Assert.Contains("checkout", (string?)stored!["data"]!["state.json"], StringComparison.Ordinal);

        await using var second = Daemon(settings, T0 + TimeSpan.FromSeconds(60));
        second.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 100);
        while (second.Time.GetUtcNow() < T0 + TimeSpan.FromMinutes(5) + Interval)
        {
            await second.TickAsync();
            Assert.Equal(peak, Replicas());
            second.Time.Advance(Interval);
        }

        for (var i = 0; i < 8 && Replicas() == peak; i++)
        {
            await second.AdvanceAndTickAsync(Interval);
        }

        Assert.True(Replicas() < peak, "never scaled down after the window");
        Assert.True(second.Time.GetUtcNow() < T0 + TimeSpan.FromMinutes(6), "the window restarted with the daemon");
        Assert.Equal(1, MetricsText.Value(second.Registry, "promoscaler_state_loads_total{outcome=\"ok\"}"));
    }

    [Fact]
    public async Task TwoReplicasWithLeaderElection_ExactlyOneWrites_AndTheOtherTakesOverWithinTheLeaseDuration()
    {
        var lease = TimeSpan.FromSeconds(3);
        Dictionary<string, string?> Replica(string identity) => new()
        {
            ["State:Kind"] = "configmap",
            ["LeaderElection:Enabled"] = "true",
            ["LeaderElection:Namespace"] = "shop",
            ["LeaderElection:Identity"] = identity,
            ["LeaderElection:LeaseDuration"] = "00:00:03",
            ["LeaderElection:RenewDeadline"] = "00:00:02",
            ["LeaderElection:RetryPeriod"] = "00:00:00.200",
        };
        await using var a = Daemon(Replica("replica-a"));
        await using var b = Daemon(Replica("replica-b"));
        var electorA = a.Services.GetRequiredService<LeaseLeadership>();
        var electorB = b.Services.GetRequiredService<LeaseLeadership>();
        await electorA.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => electorA.IsLeader == true, lease * 3);
        await electorB.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => electorB.IsLeader == false, lease * 3);

        a.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
        b.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 900);
        var byB = Assert.Single(await b.TickAsync());
        var byA = Assert.Single(await a.TickAsync());

        Assert.Equal("ok", byA.Write);
        Assert.Equal("notLeader", byB.Write);
        Assert.Single(Server.Requests.Matching("PATCH", ScalePath));
        Assert.Equal(1, MetricsText.Value(a.Registry, "promoscaler_leader"));
        Assert.Equal(0, MetricsText.Value(b.Registry, "promoscaler_leader"));

        var stopped = TimeProvider.System.GetTimestamp();
        await electorA.StopAsync(CancellationToken.None);
        await EventuallyAsync(() => electorB.IsLeader == true, lease * 3);
        var takeover = TimeProvider.System.GetElapsedTime(stopped);
        Assert.True(takeover < lease, $"took over after {takeover}");
        var holder = Server.Get(BuiltInResources.Leases, "shop", "promoscaler");
        Assert.Equal("replica-b", (string?)holder!["spec"]!["holderIdentity"]);

        // The new leader continues from the stored state: it writes the next surge and nothing scales down early.
        b.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 2000);
        var next = Assert.Single(await b.AdvanceAndTickAsync(Interval));
        Assert.Equal("ok", next.Write);
        await electorB.StopAsync(CancellationToken.None);
    }
}
