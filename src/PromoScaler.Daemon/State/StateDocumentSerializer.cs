using System.Text.Json;
using PromoScaler.Admin.Intent;
using PromoScaler.Admin.Ports;

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

            kept[name] = entry!;
            if (entry!.History is { } history && history.Any(r => r is null || r.Current < 0 || r.Desired < 0 || r.Explanation is null))
            {
                problems.Add($"policy {name}: its decision history is incomplete; the history is dropped, the memory kept");
                kept[name] = entry with { History = null };
            }
        }

        return new StateDocument(StateDocument.CurrentSchema, kept, ValidIntent(document.Intent, problems));
    }

    // Operator intent that makes no sense (a negative count, missing lists) is dropped per policy; the audit log is
    // kept when its entries are complete.
    private static IntentSnapshot? ValidIntent(IntentSnapshot? intent, List<string> problems)
    {
        if (intent is null)
        {
            return null;
        }

        var policies = new Dictionary<string, PolicyIntent>(StringComparer.Ordinal);
        foreach (var (name, entry) in intent.Policies ?? new Dictionary<string, PolicyIntent>())
        {
            if (entry?.Overrides is null || entry.Prewarms is null
                || entry.Overrides.Any(o => o is null || o.Replicas < 0 || o.Owner is null)
                || entry.Prewarms.Any(p => p is null || p.Replicas < 0 || p.Name is null || p.Lead < TimeSpan.Zero || p.Hold < TimeSpan.Zero || p.RampDown < TimeSpan.Zero))
            {
                problems.Add($"policy {name}: its operator intent is incomplete or negative; it is dropped");
                continue;
            }

            policies[name] = entry;
        }

        var audit = intent.Audit?.Where(a => a is { Actor: not null, Action: not null, Policy: not null }).ToList() ?? [];
        return new IntentSnapshot(policies, audit);
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
