using Microsoft.Extensions.Logging;

namespace PromoScaler.Daemon;

/// <summary>Sharding's log messages (event ids 6110-6119, in the leadership range).</summary>
internal static partial class Log
{
    [LoggerMessage(6110, LogLevel.Information, "Sharding: this replica {Identity} gives shard {Shard} up to balance (it keeps {Kept}; a member holds fewer than {Floor})")]
    public static partial void ShardReleased(ILogger logger, string identity, int shard, int kept, int floor);

    [LoggerMessage(6111, LogLevel.Debug, "Sharding: skipped {Count} due policies of shards this replica does not hold")]
    public static partial void ShardPoliciesSkipped(ILogger logger, int count);
}
