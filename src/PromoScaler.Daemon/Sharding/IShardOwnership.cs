using System.Diagnostics.CodeAnalysis;

namespace PromoScaler.Daemon.Sharding;

/// <summary>Which shards this replica may write now: what the per-shard state store asks before each document.</summary>
internal interface IShardOwnership
{
    /// <summary>The number of shards.</summary>
    int Shards { get; }

    /// <summary>True while this replica certainly holds shard <paramref name="shard"/>; otherwise why not.</summary>
    bool MayWriteShard(int shard, [NotNullWhen(false)] out string? refusal);
}
