using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.Tests.Fakes;

namespace PromoScaler.Daemon.Tests.Sharding;

public sealed class ShardedStateStoreTests
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 12).Select(i => $"svc-{i}")];

    [Fact]
    public async Task Write_SplitsTheDocumentByShard_AndWritesOnlyTheShardsThisReplicaHolds()
    {
        var stores = Stores(3);
        var store = new ShardedStateStore(i => stores[i], new Ownership(3, 0, 2));

        var result = await store.WriteAsync(Document(Names, "2026-11-25T12:00:00+00:00", paused: "svc-1"), null, CancellationToken.None);

        Assert.Equal(Core.Ports.StateWriteOutcome.Written, result.Outcome);
        Assert.Empty(stores[1].Written);
        foreach (var shard in new[] { 0, 2 })
        {
            var written = JsonNode.Parse(Assert.Single(stores[shard].Written))!;
            Assert.Equal(Names.Where(n => ShardMap.ShardOf(n, 3) == shard).Order(), written["policies"]!.AsObject().Select(p => p.Key).Order());
            var audit = written["intent"]!["audit"]!.AsArray().Select(e => (string)e!["policy"]!).ToList();
            Assert.All(audit, p => Assert.Equal(shard, ShardMap.ShardOf(p, 3)));
            Assert.Equal(ShardMap.ShardOf("svc-1", 3) == shard, written["intent"]!["policies"]!.AsObject().ContainsKey("svc-1"));
        }
    }

    [Fact]
    public async Task Write_UnchangedParts_AreNotWrittenAgain()
    {
        var stores = Stores(3);
        var store = new ShardedStateStore(i => stores[i], new Ownership(3, 0, 1, 2));
        var first = await store.WriteAsync(Document(Names, "2026-11-25T12:00:00+00:00"), null, CancellationToken.None);

        var changed = Document(Names, "2026-11-25T12:00:00+00:00").Replace("\"svc-0\":{\"updatedAt\":\"2026-11-25T12:00:00+00:00\"", "\"svc-0\":{\"updatedAt\":\"2026-11-25T12:00:15+00:00\"", StringComparison.Ordinal);
        await store.WriteAsync(changed, first.Version, CancellationToken.None);

        var changedShard = ShardMap.ShardOf("svc-0", 3);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(i == changedShard ? 2 : 1, stores[i].Written.Count));
    }

    [Fact]
    public async Task Read_MergesTheShards_TheNewestMemoryOfAPolicyWins_AndADocumentOfALargerEarlierCountIsRead()
    {
        // Written with 3 shards; read with 2: svc-x was last written by shard 2 of the earlier count.
        var stores = Stores(4);
        stores[0] = new ScriptedStateStore(Document(["svc-x", "svc-a"], "2026-11-25T12:00:00+00:00"));
        stores[2] = new ScriptedStateStore(Document(["svc-x"], "2026-11-25T12:05:00+00:00"));
        var store = new ShardedStateStore(i => stores[i], new Ownership(2, 0, 1));

        var read = await store.ReadAsync(CancellationToken.None);

        var merged = JsonNode.Parse(read.Document!)!;
        Assert.Equal("2026-11-25T12:05:00+00:00", (string)merged["policies"]!["svc-x"]!["updatedAt"]!);
        Assert.NotNull(merged["policies"]!["svc-a"]);
        Assert.Null(read.Problem);
    }

    [Fact]
    public async Task Read_OneShardUnreadable_NothingIsTakenForEmpty()
    {
        var stores = Stores(4);
        stores[1].FailReads = 1;
        var store = new ShardedStateStore(i => stores[i], new Ownership(3, 0));

        var read = await store.ReadAsync(CancellationToken.None);

        Assert.Null(read.Document);
        Assert.Null(read.Version);
        Assert.Contains("shard 1", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_AShardOverTheLimit_LosesItsHistoriesFirst_AndOneStillOverIsRefusedLoudly_TheOthersWritten()
    {
        var stores = Stores(3);
        var registry = global::Prometheus.Metrics.NewCustomRegistry();
        var factory = global::Prometheus.Metrics.WithCustomRegistry(registry);
        var store = new ShardedStateStore(i => stores[i], new Ownership(3, 0, 1, 2), metrics: factory);
        var huge = Names.First(n => ShardMap.ShardOf(n, 3) == 0);
        var chatty = Names.First(n => ShardMap.ShardOf(n, 3) == 1);
        var pad = new string('x', ShardedStateStore.MaxShardDocumentBytes);
        var root = JsonNode.Parse(Document(Names, "2026-11-25T12:00:00+00:00"))!;
        root["policies"]![huge]!["engine"] = new JsonObject { ["pad"] = pad };
        root["policies"]![chatty]!["history"] = new JsonArray(pad);

        var result = await store.WriteAsync(root.ToJsonString(), null, CancellationToken.None);

        Assert.Equal(Core.Ports.StateWriteOutcome.Failed, result.Outcome);
        Assert.Contains("shard 0: its state document is", result.Detail, StringComparison.Ordinal);
        Assert.Contains("raise LeaderElection:Shards", result.Detail, StringComparison.Ordinal);
        Assert.Empty(stores[0].Written);
        var written = JsonNode.Parse(Assert.Single(stores[1].Written))!;
        Assert.Null(written["policies"]![chatty]!["history"]);
        Assert.NotNull(written["policies"]![chatty]!["updatedAt"]);
        Assert.Single(stores[2].Written);
        // The versions of the shards written are handed back, so the next write does not conflict with itself.
        Assert.NotNull(result.Version);
        var bytes = factory.CreateGauge("promoscaler_state_document_bytes", "", ["shard"]);
        Assert.True(bytes.WithLabels("0").Value > ShardedStateStore.MaxShardDocumentBytes);
        Assert.True(bytes.WithLabels("1").Value <= ShardedStateStore.MaxShardDocumentBytes);
    }

    [Fact]
    public void ShardOf_IsStableAndSpreadsNamesEvenly()
    {
        Assert.Equal(ShardMap.ShardOf("shop/checkout", 16), ShardMap.ShardOf(new string("shop/checkout".ToCharArray()), 16));
        Assert.Equal(0, ShardMap.ShardOf("anything", 1));
        var counts = Enumerable.Range(0, 3000).Select(i => ShardMap.ShardOf($"ns-{i % 7}/service-{i}", 3)).GroupBy(s => s).Select(g => g.Count()).ToList();
        Assert.Equal(3, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 900, 1100));
    }

    private static List<ScriptedStateStore> Stores(int count) => [.. Enumerable.Range(0, count).Select(_ => new ScriptedStateStore())];

    private static string Document(IEnumerable<string> names, string updatedAt, string? paused = null)
    {
        var policies = string.Join(',', names.Select(n => $"\"{n}\":{{\"updatedAt\":\"{updatedAt}\"}}"));
        var audit = string.Join(',', names.Select((n, i) => $"{{\"sequence\":{i + 1},\"at\":\"{updatedAt}\",\"policy\":\"{n}\"}}"));
        var intent = paused is null ? "" : $"\"{paused}\":{{\"pause\":{{}}}}";
        return $"{{\"schema\":1,\"policies\":{{{policies}}},\"intent\":{{\"policies\":{{{intent}}},\"audit\":[{audit}]}}}}";
    }

    private sealed class Ownership(int shards, params int[] held) : IShardOwnership
    {
        public int Shards => shards;

        public bool MayWriteShard(int shard, [NotNullWhen(false)] out string? refusal)
        {
            refusal = held.Contains(shard) ? null : $"shard {shard} is held by another replica";
            return refusal is null;
        }
    }
}
