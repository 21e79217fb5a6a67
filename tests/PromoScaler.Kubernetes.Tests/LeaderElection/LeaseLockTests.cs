using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.LeaderElection;

/// <summary>
/// KubernetesClient's <see cref="LeaderElector"/> on a <see cref="LeaseLock"/> against the in-process server's leases:
/// what the daemon relies on for "only the leader writes". The elector runs on the system clock (it reads
/// <c>DateTime.UtcNow</c> itself), so the lease here is short: one second.
/// </summary>
public sealed class LeaseLockTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TwoElectors_OneLeads_AndTheOtherTakesOverWithinTheLeaseDurationAfterItStops()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var a = Elector(cluster, "daemon-a");
        using var b = Elector(cluster, "daemon-b");
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAndTryToHoldLeadershipForeverAsync(stopA.Token);
        var runB = b.RunAndTryToHoldLeadershipForeverAsync(stopB.Token);

        await Until(() => a.IsLeader() || b.IsLeader(), TimeSpan.FromSeconds(5));
        var (leader, follower, stopLeader) = a.IsLeader() ? (a, b, stopA) : (b, a, stopB);
        await Task.Delay(LeaseDuration * 2, TimeProvider.System);
        var bothLeading = a.IsLeader() && b.IsLeader();
        var lease = cluster.Server.Get(BuiltInResources.Leases, "shop", "promoscaler")!;
        var holder = (string?)lease["spec"]!["holderIdentity"];

        await stopLeader.CancelAsync();
        var stoppedAt = TimeProvider.System.GetTimestamp();
        await Until(follower.IsLeader, TimeSpan.FromSeconds(5));
        var takeover = TimeProvider.System.GetElapsedTime(stoppedAt);

        Assert.False(bothLeading);
        Assert.Equal(leader == a ? "daemon-a" : "daemon-b", holder);
        Assert.InRange(takeover, TimeSpan.Zero, LeaseDuration * 2.5);
        Assert.Equal(
            follower == a ? "daemon-a" : "daemon-b",
            (string?)cluster.Server.Get(BuiltInResources.Leases, "shop", "promoscaler")!["spec"]!["holderIdentity"]);
        Assert.Contains(cluster.Server.Requests.All, r => r.Method == "PUT" && r.Path == "/apis/coordination.k8s.io/v1/namespaces/shop/leases/promoscaler");

        await (follower == a ? stopA : stopB).CancelAsync();
        await Task.WhenAll(Swallow(runA), Swallow(runB));
    }

    private static LeaderElector Elector(TestCluster cluster, string identity) =>
        new(new LeaderElectionConfig(new LeaseLock(cluster.Client, "shop", "promoscaler", identity))
        {
            LeaseDuration = LeaseDuration,
            RenewDeadline = TimeSpan.FromMilliseconds(700),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
        });

    private static async Task Until(Func<bool> condition, TimeSpan limit)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < limit, "the condition did not become true in time");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private static async Task Swallow(Task run)
    {
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
