using System.Text;

namespace PromoScaler.Daemon.Sharding;

/// <summary>
/// Which shard a policy belongs to: FNV-1a (32 bits) of its name's UTF-8 bytes, modulo the shard count. Stable across
/// processes, versions and machines (unlike <see cref="string.GetHashCode()"/>), so every replica computes the same map.
/// </summary>
public static class ShardMap
{
    /// <summary>The shard of <paramref name="policy"/> among <paramref name="shards"/> (0 when not sharded).</summary>
    public static int ShardOf(string policy, int shards)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (shards <= 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(policy))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)shards);
    }
}
