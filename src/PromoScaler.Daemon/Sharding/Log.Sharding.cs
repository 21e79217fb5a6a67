using Microsoft.Extensions.Logging;

namespace PromoScaler.Daemon;

/// <summary>Sharding's log messages (event ids 6110-6119, in the leadership range).</summary>
internal static partial class Log
{
    [LoggerMessage(6110, LogLevel.Information, "Sharding: this replica {Identity} gives shard {Shard} up to balance (it keeps {Kept}; a member holds fewer than {Floor})")]
    public static partial void ShardReleased(ILogger logger, string identity, int shard, int kept, int floor);

    [LoggerMessage(6111, LogLevel.Debug, "Sharding: skipped {Count} due policies of shards this replica does not hold")]
    public static partial void ShardPoliciesSkipped(ILogger logger, int count);

    [LoggerMessage(6112, LogLevel.Error, "State: the document of shard {Shard} is {Bytes} bytes for {Policies} policies even without decision histories, above the {Limit}-byte limit of one shard's ConfigMap; nothing of it is written, so the memory of its policies (stabilization, intent) is not kept until the shard count is raised (LeaderElection:Shards)")]
    public static partial void ShardDocumentTooLarge(ILogger logger, int shard, int bytes, int policies, int limit);

    [LoggerMessage(6113, LogLevel.Debug, "State: the document of shard {Shard} is written without decision histories to fit ({Bytes} bytes)")]
    public static partial void ShardHistoriesLeftOut(ILogger logger, int shard, int bytes);
}
