using System.Text.Json;

namespace PromoScaler.Daemon.State;

/// <summary>
/// Reads and writes <see cref="StateDocument"/>. The stored text is untrusted (an edited file, a ConfigMap someone
/// changed): anything that does not parse or does not make sense is reported and dropped, never thrown.
/// </summary>
internal static class StateDocumentSerializer
{
    public static string Serialize(StateDocument document) =>
        JsonSerializer.Serialize(document, StateDocumentJsonContext.Default.StateDocument);

    /// <summary>
    /// Parses <paramref name="text"/>. A document that does not parse gives <see cref="StateDocument.Empty"/> and the
    /// reason; a policy entry that makes no sense (negative counts, missing lists) is dropped with a reason, and the
    /// others are kept.
    /// </summary>
    public static StateDocument Deserialize(string text, List<string> problems)
    {
        StateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(text, StateDocumentJsonContext.Default.StateDocument);
        }
        catch (JsonException ex)
        {
            problems.Add($"the state document is not valid JSON ({ex.Message})");
            return StateDocument.Empty;
        }

        if (document is null)
        {
            problems.Add("the state document is null");
            return StateDocument.Empty;
        }

        if (document.Schema != StateDocument.CurrentSchema)
        {
            problems.Add($"the state document has schema {document.Schema}; this version reads {StateDocument.CurrentSchema}");
            return StateDocument.Empty;
        }

        var kept = new Dictionary<string, PolicyStateEntry>(StringComparer.Ordinal);
        foreach (var (name, entry) in document.Policies ?? new Dictionary<string, PolicyStateEntry>())
        {
            if (Problem(entry) is { } problem)
            {
                problems.Add($"policy {name}: {problem}; its memory is dropped");
                continue;
            }

            kept[name] = entry;
        }

        return new StateDocument(StateDocument.CurrentSchema, kept);
    }

    private static string? Problem(PolicyStateEntry? entry)
    {
        if (entry?.Engine is not { } engine || engine.Recommendations is null || engine.ScaleEvents is null || engine.PrewarmBaselines is null)
        {
            return "the entry is incomplete";
        }

        if (engine.LastWritten is < 0 || engine.Recommendations.Any(r => r.Replicas < 0) || engine.PrewarmBaselines.Any(b => b.Baseline < 0 || b.Window is null))
        {
            return "the entry holds a negative replica count";
        }

        return null;
    }
}
