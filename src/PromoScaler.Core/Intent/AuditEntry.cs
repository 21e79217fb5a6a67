using System.Text.Json;

namespace PromoScaler.Core.Intent;

/// <summary>One change of operator intent: who, what, when, why, and the object before and after (JSON, as the API shows it).</summary>
/// <param name="Sequence">Increases by one per change, so a gap shows a lost entry.</param>
/// <param name="At">When the change was persisted.</param>
/// <param name="Actor">The token name.</param>
/// <param name="Action">What was done: <c>override.set</c>, <c>override.clear</c>, <c>pause</c>, <c>resume</c>, <c>prewarm.create</c>, <c>prewarm.replace</c>, <c>prewarm.delete</c>.</param>
/// <param name="Policy">The policy changed.</param>
/// <param name="Subject">The override kind or pre-warm name, when the action has one.</param>
/// <param name="Reason">The reason given, when any.</param>
/// <param name="Before">The object before (null: there was none).</param>
/// <param name="After">The object after (null: there is none).</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Policy,
    string? Subject,
    string? Reason,
    JsonElement? Before,
    JsonElement? After);

/// <summary>The audit entry a change asks for; the book adds the sequence, the time and the actor.</summary>
public sealed record AuditDraft(string Action, string? Subject, string? Reason, JsonElement? Before, JsonElement? After);
