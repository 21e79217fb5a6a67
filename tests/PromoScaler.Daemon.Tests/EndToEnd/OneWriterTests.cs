using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Daemon.Tests.EndToEnd;

/// <summary>
/// One writer, provably: a leader frozen past its lease (SIGSTOP, a node freeze, a long GC pause) wakes up still
/// believing it leads, because its elector has not run yet. It must write nothing: not the target, not the state.
/// </summary>
public sealed class OneWriterTests : ClusterScene
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private const string ScalePath = "/apis/apps/v1/namespaces/shop/deployments/checkout/scale";
    private const string StatePath = "/api/v1/namespaces/shop/configmaps*";

    [Fact]
    public async Task FrozenLeader_WakingUpDeposed_WritesNeitherTheTargetNorTheState()
    {
        var leaseClock = new FakeTimeProvider(T0);
        var settings = new Dictionary<string, string?>
        {
            ["State:Kind"] = "configmap",
            ["LeaderElection:Enabled"] = "true",
            ["LeaderElection:Namespace"] = "shop",
            ["LeaderElection:Identity"] = "replica-a",
            // Long enough that the elector's own timers cannot notice the takeover within this test: only the
            // lease's age on the monotonic clock can.
            ["LeaderElection:LeaseDuration"] = "00:01:00",
            ["LeaderElection:RenewDeadline"] = "00:00:45",
            ["LeaderElection:RetryPeriod"] = "00:00:00.200",
        };
        await using var a = ClusterDaemon.Create(Server, Scratch, Policies, T0, settings, s => s.AddKeyedSingleton<TimeProvider>(LeaseLeadership.LeaseClock, leaseClock));
        a.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 200);
        // Only the elector runs in the background; rounds are driven here, so the wake-up order is the test's.
        var elector = a.Services.GetRequiredService<LeaseLeadership>();
        await elector.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => a.Leadership.IsLeader == true && a.Leadership.MayWrite(out _));
        await a.TickAsync();
        Assert.NotEmpty(Server.Requests.Matching("PUT", StatePath).Concat(Server.Requests.Matching("POST", StatePath)));

        // While A was frozen: its lease ran out, replica-b took it, and an operator pinned checkout at 7 through B.
        Server.Update(BuiltInResources.Leases, "shop", "promoscaler", lease =>
        {
            lease["spec"]!["holderIdentity"] = "replica-b";
            lease["spec"]!["renewTime"] = "2099-01-01T00:00:00.000000Z";
            lease["spec"]!["leaseTransitions"] = (int?)lease["spec"]!["leaseTransitions"] + 1 ?? 1;
        });
        Server.Update(BuiltInResources.Deployments, "shop", "checkout", d => d["spec"]!["replicas"] = 7);
        leaseClock.Advance(TimeSpan.FromMinutes(2));
        var patches = Server.Requests.Matching("PATCH", ScalePath).Count;
        var stateWrites = Server.Requests.Matching("PUT", StatePath).Count + Server.Requests.Matching("POST", StatePath).Count;

        // A wakes: its flag still says leader, and its overdue tick runs before the elector learns anything.
        Assert.True(a.Leadership.IsLeader, "the elector's flag is still the stale belief");
        Assert.False(a.Leadership.MayWrite(out var refusal));
        var report = Assert.Single(await a.AdvanceAndTickAsync(TimeSpan.FromSeconds(15)));

        Assert.Equal(Core.Engine.DecisionAction.Scale, report.Decision!.Action);
        Assert.Equal("notLeader", report.Write);
        Assert.Equal(patches, Server.Requests.Matching("PATCH", ScalePath).Count);
        Assert.Equal(7, Replicas());
        Assert.Equal(stateWrites, Server.Requests.Matching("PUT", StatePath).Count + Server.Requests.Matching("POST", StatePath).Count);
        Assert.Contains("beyond the 45s renew deadline", refusal, StringComparison.Ordinal);
        Assert.Contains(a.Logged(6045), m => m.Contains("renew deadline", StringComparison.Ordinal));
        await elector.StopAsync(CancellationToken.None);
    }
}
