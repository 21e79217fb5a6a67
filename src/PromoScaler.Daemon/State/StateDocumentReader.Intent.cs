using System.Text.Json.Nodes;
using PromoScaler.Core.Intent;

namespace PromoScaler.Daemon.State;

/// <summary>The operator intent part of the state document, read entry by entry.</summary>
internal static partial class StateDocumentReader
{
    private static IntentSnapshot? Intent(JsonNode? node, List<string> problems)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject intent)
        {
            problems.Add("the operator intent is not a JSON object; every override, pause, runtime pre-warm and the audit log are dropped");
            return IntentSnapshot.Empty;
        }

        var policies = IntentPolicies(intent["policies"], problems);
        Unknown(intent, ["policies", "audit"], "the operator intent", problems);
        return new IntentSnapshot(policies, Audit(intent["audit"], problems));
    }

    /// <summary>Each policy's intent on its own: one unreadable entry drops that policy's intent, not the others'.</summary>
    private static Dictionary<string, PolicyIntent> IntentPolicies(JsonNode? node, List<string> problems)
    {
        var policies = new Dictionary<string, PolicyIntent>(StringComparer.Ordinal);
        if (node is not JsonObject entries)
        {
            if (node is not null)
            {
                problems.Add("the operator intent's policies are not a JSON object; every override, pause and runtime pre-warm is dropped");
            }

            return policies;
        }

        foreach (var (name, value) in entries)
        {
            var parsed = Part(value, StateDocumentJsonContext.Default.PolicyIntent, out var why);
            why ??= parsed is null ? "missing" : IntentProblem(parsed);
            if (parsed is null || why is not null)
            {
                problems.Add($"policy {QuotedName(name)}: its operator intent (overrides, pause, runtime pre-warms) is {why}; it is dropped");
                continue;
            }

            Unknown(value, parsed, StateDocumentJsonContext.Default.PolicyIntent, $"policy {QuotedName(name)}: its operator intent", problems);
            policies[name] = parsed;
        }

        return policies;
    }

    /// <summary>The audit log, entry by entry: unreadable entries are counted and dropped, the others kept.</summary>
    private static List<AuditEntry> Audit(JsonNode? node, List<string> problems)
    {
        var audit = new List<AuditEntry>();
        if (node is not JsonArray entries)
        {
            if (node is not null)
            {
                problems.Add("the audit log is not a JSON array; it is dropped");
            }

            return audit;
        }

        var dropped = 0;
        foreach (var value in entries)
        {
            if (Part(value, StateDocumentJsonContext.Default.AuditEntry, out _) is { Actor: not null, Action: not null, Policy: not null } entry)
            {
                audit.Add(entry);
            }
            else
            {
                dropped++;
            }
        }

        if (dropped > 0)
        {
            problems.Add($"{dropped} audit entr{(dropped == 1 ? "y is" : "ies are")} unreadable and dropped; the others are kept");
        }

        return audit;
    }
}
