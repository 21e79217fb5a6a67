using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Sharding;

/// <summary>
/// Shards changing hands: a replica cut off from the API server, a holder killed in the middle of a scale-down
/// stabilization, and a change of the shard count rolled over the replicas.
/// </summary>
public sealed class ShardHandoverTests : ShardedScene
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ReplicaPartitionedFromTheApiServer_StopsWritingBeforeItsLeaseCanBeTaken()
    {
        await StartReplicaAsync("replica-a");
        await StartReplicaAsync("replica-b");
        var c = await StartReplicaAsync("replica-c");
        await BalancedAsync();
        var shard = Enumerable.Range(0, 3).Single(i => c.Elector.MayWriteShard(i, out _));

        c.Proxy.Cut();
        var cut = TimeProvider.System.GetTimestamp();
        await EventuallyAsync(() => !c.Elector.MayWriteShard(shard, out _), LeaseDuration * 3);
        var stopped = TimeProvider.System.GetElapsedTime(cut);
        var takenEarly = Live.Any(r => r != c && r.Elector.MayWriteShard(shard, out _));
        await EventuallyAsync(() => Live.Any(r => r != c && r.Elector.MayWriteShard(shard, out _)), LeaseDuration * 3);
        var taken = TimeProvider.System.GetElapsedTime(cut);

        Assert.False(takenEarly, "another replica held the shard while the cut-off one still could write");
        Assert.True(stopped < LeaseDuration, $"stopped writing after {stopped}, not before the {LeaseDuration} lease could expire");
        Assert.True(stopped < taken, $"stopped after {stopped}, taken over after {taken}");

        // Back on the network, it learns the new holder and writes none of the shard's policies.
        c.Proxy.Heal();
        SetLoad(500);
        var reports = await RoundAsync(Interval);
        Assert.DoesNotContain(reports[c.Identity], t => ShardMap.ShardOf(t.Policy, 3) == shard && t.Write == "ok");
        var writers = Writers(reports);
        Assert.Equal(Services.Order(), writers.Keys.Order());
        Assert.All(writers, w => Assert.Single(w.Value));
    }

    [Fact]
    public async Task HolderKilledDuringScaleDownStabilization_NewHolderDoesNotScaleDownEarly()
    {
        await StartReplicaAsync("replica-a");
        await StartReplicaAsync("replica-b");
        await StartReplicaAsync("replica-c");
        await BalancedAsync();
        SetLoad(600);
        await RoundAsync(Interval);
        Assert.All(Services, s => Assert.Equal(6, Replicas(s)));

        // The load falls: the 5-minute stabilization window keeps the peak's 6 for now.
        SetLoad(100);
        await RoundAsync(Interval);
        await RoundAsync(Interval);
        Assert.All(Services, s => Assert.Equal(6, Replicas(s)));

        var shard = ShardMap.ShardOf("svc-0", 3);
        var holder = Live.Single(r => r.Elector.MayWriteShard(shard, out _));
        await KillAsync(holder);
        await EventuallyAsync(() => Live.Any(r => r.Elector.MayWriteShard(shard, out _)), LeaseDuration * 3);
        var reports = await RoundAsync(Interval);

        Assert.Contains(reports.Values.SelectMany(r => r), t => t.Policy == "svc-0" && t.Decision is not null);
        Assert.All(Services, s => Assert.Equal(6, Replicas(s)));

        // Once the window has passed since the peak, the new holder scales down.
        await RoundAsync(TimeSpan.FromMinutes(5));
        Assert.All(Services, s => Assert.True(Replicas(s) < 6, $"{s} still at {Replicas(s)}"));
    }

    [Fact]
    public async Task ShardCountChangedOverARollingUpdate_PoliciesMoveWithoutEverHavingTwoWriters()
    {
        var a = await StartReplicaAsync("replica-a");
        var b = await StartReplicaAsync("replica-b");
        var c = await StartReplicaAsync("replica-c");
        await BalancedAsync();
        // Every round raises the load by more than the 10% tolerance and less than the doubling a step allows, so
        // every evaluated policy wants a write: none may have two writers.
        var loads = new Queue<int>([300, 400, 500, 650, 800, 1000, 1250, 1600]);
        var load = 0;
        await CheckedRoundAsync();

        // Old and new replicas overlap as a Deployment rolls: each step is followed by rounds on every live replica.
        foreach (var (next, old) in new[] { ("replica-d", a), ("replica-e", b), ("replica-f", c) })
        {
            await StartReplicaAsync(next, shards: 4);
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
            await CheckedRoundAsync();
            await StopAsync(old);
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
            await CheckedRoundAsync();
        }

        await BalancedAsync(shards: 4);
        var writers = await CheckedRoundAsync();
        Assert.Equal(Services.Order(), writers.Keys.Order());
        // A policy whose shard moved paused for the rollout's rounds, so its step limit (a doubling per period) may
        // hold it up to one doubling below the final load's count; left further behind, it was not evaluated again.
        Assert.All(Services, s => Assert.InRange(Replicas(s), (load + 99) / 200, (load + 99) / 100));

        async Task<Dictionary<string, List<string>>> CheckedRoundAsync()
        {
            load = loads.Dequeue();
            SetLoad(load);
            var reports = await RoundAsync(Interval);
            var round = Writers(reports);
            Assert.All(round, w => Assert.Single(w.Value));
            return round;
        }
    }
}
