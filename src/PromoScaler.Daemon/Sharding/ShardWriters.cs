using PromoScaler.Admin.Ports;

namespace PromoScaler.Daemon.Sharding;

/// <summary>The writer of each policy with sharding: the holder of its shard, at the admin URL its member Lease advertises.</summary>
internal sealed class ShardWriters(ShardedLeadership leadership) : IPolicyWriters
{
    public string? Self => leadership.Identity;

    public WriterLocation? Elsewhere(string policy)
    {
        // This replica as holder, certain or not, handles the change itself: its own write check then answers.
        if (leadership.HolderOf(policy) is not { } holder || holder == leadership.Identity)
        {
            return null;
        }

        return new WriterLocation(holder, leadership.AdminUrlOf(holder), $"shard {ShardMap.ShardOf(policy, leadership.Shards)} is held by {holder}");
    }
}
