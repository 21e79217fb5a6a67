using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PromoScaler.Daemon.Sharding;

/// <summary>Keeping each shard's document within a ConfigMap, or refusing it loudly before the API server does.</summary>
internal sealed partial class ShardedStateStore
{
    /// <summary>
    /// The text of shard <paramref name="shard"/>'s part when it fits; over the limit, its decision histories are left
    /// out (the engine memory, the forecast gates and the operator intent never are); null when it still does not fit.
    /// </summary>
    private string? Fitted(int shard, JsonObject part)
    {
        var text = part.ToJsonString();
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > MaxShardDocumentBytes && part["policies"] is JsonObject policies)
        {
            foreach (var (_, entry) in policies)
            {
                (entry as JsonObject)?.Remove("history");
            }

            text = part.ToJsonString();
            bytes = Encoding.UTF8.GetByteCount(text);
            Log.ShardHistoriesLeftOut(_logger, shard, bytes);
        }

        _bytes.WithLabels(shard.ToString(CultureInfo.InvariantCulture)).Set(bytes);
        return bytes <= MaxShardDocumentBytes ? text : null;
    }

    /// <summary>Says that shard <paramref name="shard"/>'s memory does not fit, in the log and in the write's detail.</summary>
    private string TooLarge(int shard, JsonObject part)
    {
        var policies = (part["policies"] as JsonObject)?.Count ?? 0;
        var bytes = Encoding.UTF8.GetByteCount(part.ToJsonString());
        Log.ShardDocumentTooLarge(_logger, shard, bytes, policies, MaxShardDocumentBytes);
        return $"its state document is {bytes} bytes for {policies} policies even without decision histories, above the "
            + $"{MaxShardDocumentBytes}-byte limit of one shard's ConfigMap; nothing of it was written (raise LeaderElection:Shards)";
    }
}
