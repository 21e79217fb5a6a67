using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;
using PromoScaler.Admin.Ports;
using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Daemon.Tests.Sharding;

/// <summary>
/// Three sharded replicas of the real daemon against one API server: every policy has exactly one writer, and a
/// replica that dies, or is cut off from the API server, hands its shards over without a moment of two writers.
/// </summary>
public sealed class ShardedReplicasTests : ShardedScene
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ThreeReplicas_EveryPolicyEvaluatedAndWrittenByExactlyOneReplica()
    {
        foreach (var name in new[] { "replica-a", "replica-b", "replica-c" })
        {
            await StartReplicaAsync(name);
        }

        await BalancedAsync();
        Assert.All(Live, r => Assert.Equal(1, Enumerable.Range(0, 3).Count(i => r.Elector.MayWriteShard(i, out _))));
        foreach (var load in new[] { 500, 900, 1300 })
        {
            SetLoad(load);
            var before = Services.ToDictionary(s => s, s => Patches(s));
            var reports = await RoundAsync(Interval);

            var evaluators = Evaluators(reports);
            Assert.Equal(Services.Order(), evaluators.Keys.Order());
            Assert.All(evaluators, e => Assert.Single(e.Value));
            Assert.All(Services, s => Assert.Equal(before[s] + 1, Patches(s)));
            Assert.All(Services, s => Assert.Equal(load / 100, Replicas(s)));
        }

        // Each shard's memory is in its own ConfigMap, holding that shard's policies only.
        for (var shard = 0; shard < 3; shard++)
        {
            var document = StateDocumentOf($"promoscaler-state-shard-{shard}");
            var stored = document["policies"]!.AsObject().Select(p => p.Key).Order().ToList();
            Assert.Equal(Services.Where(s => ShardMap.ShardOf(s, 3) == shard).Order(), stored);
        }

        Assert.Null(Server.Get(BuiltInResources.ConfigMaps, "shop", "promoscaler-state"));
    }

    [Fact]
    public async Task OneReplicaKilled_ItsShardsMoveWithinTheLeaseDuration_AndItsPoliciesAreWrittenAgain()
    {
        var a = await StartReplicaAsync("replica-a");
        var b = await StartReplicaAsync("replica-b");
        var c = await StartReplicaAsync("replica-c");
        await BalancedAsync();
        await RoundAsync(Interval);
        var orphaned = Enumerable.Range(0, 3).Single(i => c.Elector.MayWriteShard(i, out _));

        await KillAsync(c);
        var killed = TimeProvider.System.GetTimestamp();
        await EventuallyAsync(() => Live.Any(r => r.Elector.MayWriteShard(orphaned, out _)), LeaseDuration * 3);
        var moved = TimeProvider.System.GetElapsedTime(killed);

        // Taken once the Lease went unrenewed for its duration, and within a few retry periods after that.
        Assert.InRange(moved, LeaseDuration - TimeSpan.FromSeconds(1), LeaseDuration + TimeSpan.FromSeconds(2));
        await BalancedAsync();
        SetLoad(600); // within one step of the scale-up limit (4 pods per 15s) from 2
        var reports = await RoundAsync(Interval);
        var writers = Writers(reports);
        Assert.Equal(Services.Order(), writers.Keys.Order());
        Assert.All(writers, w => Assert.Single(w.Value));
        Assert.All(Services, s => Assert.Equal(6, Replicas(s)));
        Assert.Contains(reports[a.Identity].Concat(reports[b.Identity]), t => ShardMap.ShardOf(t.Policy, 3) == orphaned && t.Write == "ok");
    }

    [Fact]
    public async Task ChangeAskedOfAReplicaNotHoldingThePolicysShard_IsRefusedNamingTheHolder_AndTheHolderStoresIt()
    {
        foreach (var name in new[] { "replica-a", "replica-b", "replica-c" })
        {
            await StartReplicaAsync(name);
        }

        await BalancedAsync();
        await RoundAsync(Interval);
        var shard = ShardMap.ShardOf("svc-0", 3);
        var holder = Live.Single(r => r.Elector.MayWriteShard(shard, out _));
        var other = Live.First(r => r != holder);

        var refused = await PauseAsync(other, "svc-0");
        Assert.False(refused.Persisted);
        Assert.Contains($"send changes of svc-0 to {holder.Identity}", refused.Problem, StringComparison.Ordinal);

        var stored = await PauseAsync(holder, "svc-0");
        Assert.True(stored.Persisted, stored.Problem);
        Assert.NotNull(StateDocumentOf($"promoscaler-state-shard-{shard}")["intent"]!["policies"]!["svc-0"]);
        Assert.All(Enumerable.Range(0, 3).Where(i => i != shard), i =>
            Assert.Null(Server.Get(BuiltInResources.ConfigMaps, "shop", $"promoscaler-state-shard-{i}") is { } cm
                ? JsonNode.Parse((string)cm["data"]!["state.json"]!)!["intent"]?["policies"]?["svc-0"] : null));

        // Status and /metrics say who holds which shard, on every replica.
        var notes = other.Daemon.Services.GetRequiredService<IDaemonHealth>().Notes();
        Assert.Contains($"{shard} {holder.Identity}", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal(1, MetricsText.Value(other.Daemon.Registry, $"promoscaler_shard_holder{{shard=\"{shard}\",holder=\"{holder.Identity}\"}}"));
        Assert.Equal(0, MetricsText.Value(other.Daemon.Registry, $"promoscaler_shard_held{{shard=\"{shard}\"}}"));
        Assert.Equal(1, MetricsText.Value(holder.Daemon.Registry, $"promoscaler_shard_held{{shard=\"{shard}\"}}"));
    }

    private static Task<IntentCommit> PauseAsync(Replica replica, string policy) =>
        replica.Daemon.Services.GetRequiredService<OperatorIntentBook>().ChangeAsync(policy, "alice", (intent, now) =>
            new IntentEdit(intent with { Pause = new PauseRecord("alice", "sale", now, now + TimeSpan.FromHours(1)) }, new AuditDraft("pause", null, "sale", null, null)),
            CancellationToken.None);

    private JsonNode StateDocumentOf(string configMap) =>
        JsonNode.Parse((string)Server.Get(BuiltInResources.ConfigMaps, "shop", configMap)!["data"]!["state.json"]!)!;

    private int Patches(string service) =>
        Server.Requests.Matching("PATCH", $"/apis/apps/v1/namespaces/shop/deployments/{service}/scale").Count;
}
