using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Sharding;
using PromoScaler.Kubernetes.ApiServer;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Daemon.Tests.Support;

/// <summary>
/// Sharded replicas of the real daemon against one in-process API server, each through its own <see cref="ApiProxy"/>
/// (so one can be partitioned or killed alone). The shard electors run in the background on the real clock with
/// short leases; evaluation rounds are driven here, every replica's clock moved in lockstep.
/// </summary>
public abstract class ShardedScene : ClusterScene
{
    /// <summary>Short leases, so a takeover is seen within seconds.</summary>
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, double> _load = new(StringComparer.Ordinal);

    internal DateTimeOffset Now { get; private set; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    internal List<Replica> Live { get; } = [];

    internal static IReadOnlyList<string> Services { get; } = [.. Enumerable.Range(0, 9).Select(i => $"svc-{i}")];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        File.Delete(Path.Combine(Policies, "checkout.yaml"));
        foreach (var name in Services)
        {
            Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", name, 2, readyReplicas: 2));
            await File.WriteAllTextAsync(Path.Combine(Policies, name + ".yaml"), DaemonPolicyYaml.Policy(name));
            _load[name] = 200;
        }
    }

    /// <summary>
    /// Starts a replica named <paramref name="identity"/> configured with <paramref name="shards"/> shards; its elector
    /// runs at once. With <paramref name="admin"/> (admin API settings), the whole host is started, listener included.
    /// </summary>
    internal async Task<Replica> StartReplicaAsync(string identity, int shards = 3, IDictionary<string, string?>? admin = null)
    {
        var proxy = ApiProxy.Start(Server.BaseAddress);
        var kubeconfig = KubeconfigFile.Write(Scratch.File($"kubeconfig-{identity}"), proxy.Address, "shop");
        var settings = new Dictionary<string, string?>
        {
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            ["Kubernetes:Timeout"] = "00:00:01",
            ["State:Kind"] = "configmap",
            ["LeaderElection:Enabled"] = "true",
            ["LeaderElection:Namespace"] = "shop",
            ["LeaderElection:Identity"] = identity,
            ["LeaderElection:Shards"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LeaderElection:LeaseDuration"] = LeaseDuration.ToString(),
            ["LeaderElection:RenewDeadline"] = "00:00:02",
            ["LeaderElection:RetryPeriod"] = "00:00:00.200",
        };
        foreach (var (key, value) in admin ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var daemon = ClusterDaemon.Create(Server, Scratch, Policies, Now, settings);
        foreach (var (name, value) in _load)
        {
            daemon.Metrics.Set(DaemonPolicyYaml.Query(name), value);
        }

        var replica = new Replica(identity, daemon, proxy, daemon.Services.GetRequiredService<ShardedLeadership>());
        if (admin is not null)
        {
            await daemon.StartAsync(); // the elector is one of its hosted services
        }
        else
        {
            await replica.Elector.StartAsync(CancellationToken.None);
        }

        Live.Add(replica);
        All.Add(replica);
        return replica;
    }

    /// <summary>Every replica's metric source answers <paramref name="value"/> for every service.</summary>
    internal void SetLoad(double value)
    {
        foreach (var name in Services)
        {
            _load[name] = value;
            foreach (var replica in Live)
            {
                replica.Daemon.Metrics.Set(DaemonPolicyYaml.Query(name), value);
            }
        }
    }

    /// <summary>Moves every live replica's clock by <paramref name="by"/> and runs one round on each; the reports per replica.</summary>
    internal async Task<Dictionary<string, IReadOnlyList<TickReport>>> RoundAsync(TimeSpan by)
    {
        Now += by;
        var reports = new Dictionary<string, IReadOnlyList<TickReport>>(StringComparer.Ordinal);
        foreach (var replica in Live)
        {
            replica.Daemon.Time.SetUtcNow(Now);
            reports[replica.Identity] = await replica.Daemon.TickAsync();
        }

        return reports;
    }

    /// <summary>Kills <paramref name="replica"/>: its API connection cut first, so nothing is released, then no more rounds.</summary>
    internal async Task KillAsync(Replica replica)
    {
        replica.Proxy.Cut();
        Live.Remove(replica);
        await replica.Elector.StopAsync(CancellationToken.None);
    }

    /// <summary>Stops <paramref name="replica"/> gracefully (its Leases released).</summary>
    internal async Task StopAsync(Replica replica)
    {
        Live.Remove(replica);
        await replica.Elector.StopAsync(CancellationToken.None);
    }

    /// <summary>Waits until the live replicas hold every one of <paramref name="shards"/> shards between them, each within one of the others.</summary>
    internal async Task BalancedAsync(int shards = 3, TimeSpan? within = null) =>
        await EventuallyAsync(
            () =>
            {
                var held = Live.Select(r => Enumerable.Range(0, shards).Count(i => r.Elector.MayWriteShard(i, out _))).ToList();
                return held.Sum() == shards && held.Max() - held.Min() <= 1
                    && Live.All(r => r.Elector.Holders().All(h => h is not null));
            },
            within ?? TimeSpan.FromSeconds(20));

    /// <summary>Policies written (outcome ok) by each replica in <paramref name="reports"/>.</summary>
    internal static Dictionary<string, List<string>> Writers(Dictionary<string, IReadOnlyList<TickReport>> reports) =>
        reports.SelectMany(r => r.Value.Where(t => t.Write == "ok").Select(t => (t.Policy, Replica: r.Key)))
            .GroupBy(x => x.Policy, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Replica).ToList(), StringComparer.Ordinal);

    /// <summary>Policies evaluated by each replica in <paramref name="reports"/>.</summary>
    internal static Dictionary<string, List<string>> Evaluators(Dictionary<string, IReadOnlyList<TickReport>> reports) =>
        reports.SelectMany(r => r.Value.Select(t => (t.Policy, Replica: r.Key)))
            .GroupBy(x => x.Policy, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Replica).ToList(), StringComparer.Ordinal);

    public override async Task DisposeAsync()
    {
        foreach (var replica in Live.ToList())
        {
            await replica.Elector.StopAsync(CancellationToken.None);
        }

        foreach (var replica in All)
        {
            await replica.Daemon.DisposeAsync();
            await replica.Proxy.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private List<Replica> All { get; } = [];

    internal sealed record Replica(string Identity, ClusterDaemon Daemon, ApiProxy Proxy, ShardedLeadership Elector);
}
