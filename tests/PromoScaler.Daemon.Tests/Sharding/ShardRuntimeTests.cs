using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Sharding;

/// <summary>A replica builds policy runtimes only for the shards it holds, and a shard it gains brings its memory.</summary>
public sealed class ShardRuntimeTests : ShardedScene
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RuntimesFollowTheShardsHeld_AGainedShardRestoresItsPoliciesMemory()
    {
        await StartReplicaAsync("replica-a");
        await StartReplicaAsync("replica-b");
        await StartReplicaAsync("replica-c");
        await BalancedAsync();
        SetLoad(600);
        await RoundAsync(Interval);
        SetLoad(100);
        await RoundAsync(Interval);

        // Every replica lists every policy (status answers on any), but only its own shards' have a runtime.
        Assert.All(Live, r => Assert.Equal(Services.Count, r.Daemon.Loop.Runtimes().Count));
        Assert.All(Live, r => Assert.Equal(Services.Count(s => r.Elector.Evaluates(s)), r.Daemon.Loop.HeldRuntimes));
        Assert.All(Live, r => Assert.All(r.Daemon.Loop.Runtimes(), s => Assert.Equal(r.Elector.Evaluates(s.Name), s.Runtime is not null)));

        var shard = ShardMap.ShardOf("svc-0", 3);
        var holder = Live.Single(r => r.Elector.MayWriteShard(shard, out _));
        await KillAsync(holder);
        await EventuallyAsync(() => Live.Any(r => r.Elector.MayWriteShard(shard, out _)), LeaseDuration * 3);
        var taker = Live.Single(r => r.Elector.MayWriteShard(shard, out _));
        var before = taker.Daemon.Loop.HeldRuntimes;
        await RoundAsync(Interval);

        Assert.Equal(before + Services.Count(s => ShardMap.ShardOf(s, 3) == shard), taker.Daemon.Loop.HeldRuntimes);
        // Built from the shard's document, not from nothing: the stabilization window still holds the peak's 6.
        var runtime = taker.Daemon.Loop.Runtimes().Single(s => s.Name == "svc-0").Runtime;
        Assert.NotNull(runtime);
        Assert.Contains(runtime.State.Recommendations, r => r.Replicas == 6);

        // Alone, a replica holds every runtime; when a new replica joins, it gives shards up and lets go of theirs.
        await StopAsync(taker);
        var last = Assert.Single(Live);
        await EventuallyAsync(() => Enumerable.Range(0, 3).All(i => last.Elector.MayWriteShard(i, out _)), LeaseDuration * 3);
        await RoundAsync(Interval);
        Assert.Equal(Services.Count, last.Daemon.Loop.HeldRuntimes);

        await StartReplicaAsync("replica-d");
        await BalancedAsync(within: LeaseDuration * 5);
        await RoundAsync(Interval);
        var kept = Services.Count(s => last.Elector.Evaluates(s));
        Assert.InRange(kept, 1, Services.Count - 1);
        Assert.Equal(kept, last.Daemon.Loop.HeldRuntimes);
    }
}
