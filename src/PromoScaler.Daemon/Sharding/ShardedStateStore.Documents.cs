using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromoScaler.Daemon.State;

namespace PromoScaler.Daemon.Sharding;

/// <summary>Splitting the state document by shard and merging the shards' documents back, on the JSON itself.</summary>
/// <remarks>
/// Working on the JSON (not the records) keeps every part as it was stored, so the state keeper's reader still
/// judges each part on its own and a bad part still costs only itself.
/// </remarks>
internal sealed partial class ShardedStateStore
{
    /// <summary>The parts of <paramref name="root"/> that belong to each shard, as documents of the same schema.</summary>
    private JsonObject[] Split(JsonObject root)
    {
        var parts = Enumerable.Range(0, Shards).Select(_ => new JsonObject { ["schema"] = root["schema"]?.DeepClone(), ["policies"] = new JsonObject() }).ToArray();
        if (root["policies"] is JsonObject policies)
        {
            foreach (var (name, entry) in policies)
            {
                ((JsonObject)parts[ShardMap.ShardOf(name, Shards)]["policies"]!)[name] = entry?.DeepClone();
            }
        }

        if (root["intent"] is JsonObject intent)
        {
            foreach (var part in parts)
            {
                part["intent"] = new JsonObject { ["policies"] = new JsonObject(), ["audit"] = new JsonArray() };
            }

            foreach (var (name, value) in intent["policies"] as JsonObject ?? [])
            {
                ((JsonObject)parts[ShardMap.ShardOf(name, Shards)]["intent"]!["policies"]!)[name] = value?.DeepClone();
            }

            foreach (var entry in intent["audit"] as JsonArray ?? [])
            {
                var policy = entry is JsonObject o && o["policy"] is JsonValue v && v.TryGetValue<string>(out var p) ? p : "";
                ((JsonArray)parts[ShardMap.ShardOf(policy, Shards)]["intent"]!["audit"]!).Add(entry?.DeepClone());
            }
        }

        return parts;
    }

    private static bool IsEmpty(JsonObject part) =>
        part["policies"] is JsonObject { Count: 0 }
        && part["intent"] is null or JsonObject { Count: 0 } or JsonObject { } && part["intent"]!["policies"] is JsonObject { Count: 0 } && part["intent"]!["audit"] is JsonArray { Count: 0 };

    /// <summary>
    /// One document from the shards' documents: a policy's memory from whichever wrote it last (its <c>updatedAt</c>),
    /// its intent from its current shard's document when there is one, the audit entries of all in time order.
    /// </summary>
    private string? Merge(List<string?> documents, List<string> problems)
    {
        if (documents.All(d => d is null))
        {
            return null;
        }

        var policies = new JsonObject();
        JsonObject? intentPolicies = null;
        var audit = new List<JsonNode>();
        var seenAudit = new HashSet<string>(StringComparer.Ordinal);
        var schema = (JsonNode?)JsonValue.Create(StateDocument.CurrentSchema);
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not { } text)
            {
                continue;
            }

            if (Root(i, text, problems) is not { } root)
            {
                continue;
            }

            schema = root["schema"]?.DeepClone() ?? schema;
            foreach (var (name, entry) in root["policies"] as JsonObject ?? [])
            {
                if (!policies.ContainsKey(name) || UpdatedAt(entry) > UpdatedAt(policies[name]))
                {
                    policies[name] = entry?.DeepClone();
                }
            }

            if (root["intent"] is not JsonObject intent)
            {
                continue;
            }

            intentPolicies ??= [];
            MergeIntent(i, intent, intentPolicies, audit, seenAudit);
        }

        var merged = new JsonObject { ["schema"] = schema, ["policies"] = policies };
        if (intentPolicies is not null)
        {
            var ordered = audit.OrderBy(e => At(e)).ThenBy(e => e is JsonObject o && o["sequence"] is JsonValue s && s.TryGetValue<long>(out var n) ? n : 0);
            merged["intent"] = new JsonObject { ["policies"] = intentPolicies, ["audit"] = new JsonArray([.. ordered]) };
        }

        return merged.ToJsonString();
    }

    /// <summary>One shard's document parsed, or null with the reason in <paramref name="problems"/>.</summary>
    private static JsonObject? Root(int shard, string text, List<string> problems)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject root)
            {
                return root;
            }

            problems.Add($"shard {shard}: the state document is not a JSON object");
        }
        catch (JsonException ex)
        {
            problems.Add($"shard {shard}: the state document is not valid JSON ({ex.Message})");
        }

        return null;
    }

    /// <summary>A shard's intent into the merged one: a policy's from its current shard first, every audit entry once.</summary>
    private void MergeIntent(int shard, JsonObject intent, JsonObject intentPolicies, List<JsonNode> audit, HashSet<string> seenAudit)
    {
        foreach (var (name, value) in intent["policies"] as JsonObject ?? [])
        {
            if (!intentPolicies.ContainsKey(name) || ShardMap.ShardOf(name, Shards) == shard)
            {
                intentPolicies[name] = value?.DeepClone();
            }
        }

        foreach (var entry in (intent["audit"] as JsonArray ?? []).OfType<JsonNode>())
        {
            if (seenAudit.Add(entry.ToJsonString()))
            {
                audit.Add(entry.DeepClone());
            }
        }
    }

    private static DateTimeOffset UpdatedAt(JsonNode? entry) => At(entry, "updatedAt");

    private static DateTimeOffset At(JsonNode? entry, string key = "at") =>
        entry is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
}
