using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.History;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.State;

/// <summary>
/// Reads a stored state document part by part, so one bad part costs only itself: each policy's engine memory, its
/// decision history and its forecast-gate memory, each policy's operator intent and each audit entry are read on their
/// own. The stored text is untrusted (an edited file, a ConfigMap someone changed, a disk that flipped a bit): what does
/// not parse or make sense is dropped with a reason, never thrown.
/// </summary>
internal static partial class StateDocumentReader
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="text"/>; <paramref name="problems"/> gets one line per part dropped.</summary>
    /// <returns>What could be read; <see cref="StateDocument.Empty"/> when nothing could.</returns>
    public static StateDocument Read(string text, List<string> problems)
    {
        JsonObject root;
        try
        {
            if (JsonNode.Parse(text, NodeOptions, DocumentOptions) is not JsonObject parsed)
            {
                problems.Add("the state document is not a JSON object; nothing in it could be read");
                return StateDocument.Empty;
            }

            root = parsed;
        }
        catch (JsonException ex)
        {
            problems.Add($"the state document is not valid JSON ({ex.Message}); nothing in it could be read");
            return StateDocument.Empty;
        }

        var schema = Part(root["schema"], StateDocumentJsonContext.Default.Int32, out _);
        if (schema != StateDocument.CurrentSchema)
        {
            problems.Add($"the state document has schema {root["schema"]?.ToJsonString() ?? "(none)"}; this version reads {StateDocument.CurrentSchema}; nothing in it was read");
            return StateDocument.Empty;
        }

        Unknown(root, ["schema", "policies", "intent"], "the state document", problems);
        return new StateDocument(StateDocument.CurrentSchema, Policies(root["policies"], problems), Intent(root["intent"], problems));
    }

    private static Dictionary<string, PolicyStateEntry> Policies(JsonNode? node, List<string> problems)
    {
        var kept = new Dictionary<string, PolicyStateEntry>(StringComparer.Ordinal);
        if (node is null)
        {
            return kept;
        }

        if (node is not JsonObject policies)
        {
            problems.Add("the policies' memory is not a JSON object; every policy starts from the seeded state");
            return kept;
        }

        foreach (var (name, value) in policies)
        {
            if (PolicyEntry(name, value as JsonObject, problems) is { } entry)
            {
                kept[name] = entry;
            }
        }

        return kept;
    }

    private static PolicyStateEntry? PolicyEntry(string name, JsonObject? entry, List<string> problems)
    {
        var engine = Part(entry?["engine"], StateDocumentJsonContext.Default.EngineState, out var why);
        var updated = Part(entry?["updatedAt"], StateDocumentJsonContext.Default.DateTimeOffset, out var whyUpdated);
        if (engine is null || EngineProblem(engine) is not null || entry?["updatedAt"] is null || whyUpdated is not null)
        {
            problems.Add($"policy {QuotedName(name)}: its engine memory is {why ?? EngineProblem(engine) ?? whyUpdated ?? "incomplete"}; it is dropped and the policy starts from the seeded state (no scale-down before its stabilization window)");
            return null;
        }

        Unknown(entry!, ["engine", "updatedAt", "history", "forecastGate"], $"policy {QuotedName(name)}", problems);
        Unknown(entry!["engine"], engine, StateDocumentJsonContext.Default.EngineState, $"policy {QuotedName(name)}: its engine memory", problems);
        List<DecisionRecord>? history = null;
        if (entry!["history"] is { } historyNode)
        {
            history = Part(historyNode, StateDocumentJsonContext.Default.ListDecisionRecord, out var whyHistory);
            if (history is null || history.Any(r => r is null || r.Current < 0 || r.Desired < 0 || r.Explanation is null))
            {
                problems.Add($"policy {QuotedName(name)}: its decision history is {whyHistory ?? "incomplete"}; the history is dropped, the memory kept");
                history = null;
            }
        }

        ForecastGateState? gate = null;
        if (entry["forecastGate"] is { } gateNode)
        {
            gate = Part(gateNode, StateDocumentJsonContext.Default.ForecastGateState, out var whyGate);
            if (gate is null)
            {
                problems.Add($"policy {QuotedName(name)}: its forecast gate memory is {whyGate ?? "incomplete"}; the gate starts afresh, the memory kept");
            }
        }

        return new PolicyStateEntry(engine, updated, history, gate);
    }

    /// <summary>One part on its own: null and the reason when it does not deserialize.</summary>
    private static T? Part<T>(JsonNode? node, JsonTypeInfo<T> type, out string? why)
    {
        why = null;
        if (node is null)
        {
            why = "missing";
            return default;
        }

        try
        {
            return node.Deserialize(type);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException or ArgumentException or OverflowException)
        {
            why = $"unreadable ({Clip(ex.Message)})";
            return default;
        }
    }

    // Members this version does not know are ignored, not dropped (a newer version may have written them), but said:
    // a flipped bit in a member name would otherwise lose a pause without a word.
    private static void Unknown<T>(JsonNode? stored, T value, JsonTypeInfo<T> type, string where, List<string> problems)
    {
        JsonNode? known;
        try
        {
            known = JsonSerializer.SerializeToNode(value, type);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            problems.Add($"{where} could not be written back ({Clip(ex.Message)}); it is kept as read");
            return;
        }

        var unknown = new List<string>();
        UnknownPaths(stored, known, "", unknown);
        if (unknown.Count > 0)
        {
            problems.Add($"{where} has members this version does not know ({Clip(string.Join(", ", unknown.Take(5)))}); they are ignored");
        }
    }

    private static void Unknown(JsonObject stored, string[] known, string where, List<string> problems)
    {
        var unknown = stored.Select(p => p.Key).Where(k => !known.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"{where} has members this version does not know ({Clip(string.Join(", ", unknown.Take(5).Select(QuotedName)))}); they are ignored");
        }
    }

    private static void UnknownPaths(JsonNode? stored, JsonNode? known, string path, List<string> unknown)
    {
        switch (stored)
        {
            case JsonObject o when known is JsonObject k:
                foreach (var (key, child) in o)
                {
                    if (!k.ContainsKey(key))
                    {
                        unknown.Add(QuotedName(path + key));
                    }
                    else
                    {
                        UnknownPaths(child, k[key], path + key + ".", unknown);
                    }
                }

                break;
            case JsonArray a when known is JsonArray k:
                for (var i = 0; i < a.Count && i < k.Count; i++)
                {
                    UnknownPaths(a[i], k[i], $"{path}[{i}].", unknown);
                }

                break;
        }
    }

    private static string? EngineProblem(EngineState? engine)
    {
        if (engine is null || engine.Recommendations is null || engine.ScaleEvents is null || engine.PrewarmBaselines is null)
        {
            return "incomplete";
        }

        return engine.LastWritten is < 0 || engine.Recommendations.Any(r => r.Replicas < 0)
            || engine.PrewarmBaselines.Any(b => b.Baseline < 0 || b.Window is null)
            ? "holding a negative or missing replica count"
            : null;
    }

    private static string? IntentProblem(PolicyIntent intent) =>
        intent.Overrides is null || intent.Prewarms is null
        || intent.Overrides.Any(o => o is null || o.Replicas < 0 || o.Owner is null)
        || intent.Prewarms.Any(p => p is null || p.Replicas < 0 || p.Name is null || p.Lead < TimeSpan.Zero || p.Hold < TimeSpan.Zero || p.RampDown < TimeSpan.Zero)
            ? "incomplete or negative"
            : null;

    // A policy name from the document is untrusted too: clipped so a huge key cannot flood a log line.
    private static string QuotedName(string name) => QuotedValue.Of(name);

    private static string Clip(string message) => message.Length <= 160 ? message : message[..160] + "...";
}
