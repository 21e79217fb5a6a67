using k8s;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Catalog;

/// <summary>
/// Two real daemons with leader election against one in-process API server, both watching the same ScalingPolicy:
/// only the leader writes its status, and after the leader stops, the replica that takes over does.
/// </summary>
public sealed class PolicyStatusLeaderTests : ScalingPolicyScene
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task TwoReplicas_OnlyTheLeaderWritesStatus_AndTheNewLeaderWritesAfterItStops()
    {
        Server.Put(PolicyType, Policy("search"));
        var writesA = new StatusWrites();
        var writesB = new StatusWrites();
        await using var a = await StartAsync(settings: Replica("replica-a"), replace: s => s.AddSingleton<IKubernetes>(Client("a", writesA)));
        await EventuallyAsync(() => a.Leadership.IsLeader == true && a.Leadership.MayWrite(out _), Lease * 3);
        await using var b = await StartAsync(settings: Replica("replica-b"), replace: s => s.AddSingleton<IKubernetes>(Client("b", writesB)));
        await EventuallyAsync(() => b.Leadership.IsLeader == false, Lease * 3);

        // Both evaluate the policy; each runs status rounds: only the leader's reach the API server.
        a.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        b.Metrics.Set(DaemonPolicyYaml.Query("search"), 600);
        await b.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        await a.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(0, await Writer(b).WriteOnceAsync(CancellationToken.None));
            await Writer(a).WriteOnceAsync(CancellationToken.None);
        }

        Assert.True(writesA.Count >= 1, "the leader wrote no status");
        Assert.Equal(0, writesB.Count);
        Assert.Equal(6, (int?)Server.Get(PolicyType, "shop", "search")!["status"]!["desiredReplicas"]);

        var byA = writesA.Count;
        await a.StopAsync();
        await EventuallyAsync(() => b.Leadership.IsLeader == true && b.Leadership.MayWrite(out _), Lease * 3);
        b.Metrics.Set(DaemonPolicyYaml.Query("search"), 900);
        await b.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));
        await Writer(b).WriteOnceAsync(CancellationToken.None);

        Assert.True(writesB.Count >= 1, "the new leader wrote no status");
        Assert.Equal(byA, writesA.Count);
        Assert.Equal(9, (int?)Server.Get(PolicyType, "shop", "search")!["status"]!["desiredReplicas"]);
    }

    private static Dictionary<string, string?> Replica(string identity) => new()
    {
        ["State:Kind"] = "configmap",
        ["LeaderElection:Enabled"] = "true",
        ["LeaderElection:Namespace"] = "shop",
        ["LeaderElection:Identity"] = identity,
        ["LeaderElection:LeaseDuration"] = "00:00:03",
        ["LeaderElection:RenewDeadline"] = "00:00:02",
        ["LeaderElection:RetryPeriod"] = "00:00:00.200",
    };

    /// <summary>The replica's own client (it replaces the one the daemon would build), counting its status writes.</summary>
    private k8s.Kubernetes Client(string replica, StatusWrites writes)
    {
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.WriteKubeconfig(Scratch.File($"kubeconfig-{replica}"), "shop"));
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan; // as the daemon's: watches outlast 100 s
        return new k8s.Kubernetes(configuration, writes);
    }

    /// <summary>Counts the PATCHes of ScalingPolicy status one replica sends.</summary>
    private sealed class StatusWrites : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            if (request.Method == HttpMethod.Patch && path.StartsWith("/apis/promoscaler.io/", StringComparison.Ordinal) && path.EndsWith("/status", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
