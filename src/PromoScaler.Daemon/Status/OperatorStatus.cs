using System.Globalization;
using System.Text.Json.Nodes;
using PromoScaler.Admin.Contracts;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;

namespace PromoScaler.Daemon.Status;

/// <summary>
/// The operator intent in force for one policy, as its status shows it: <c>override</c> (the newest override in force:
/// kind, replicas, owner, reason, until), <c>paused</c> (owner, reason, until) and the <c>Overridden</c> condition,
/// whose message lists every pause and override in force, so <c>kubectl describe sp</c> says who holds the policy and
/// until when without the PromoScaler CLI.
/// </summary>
internal sealed record OperatorStatus(JsonObject? Override, JsonObject? Paused, (string Type, bool? Status, string Reason, string Message) Condition)
{
    public static OperatorStatus None { get; } = new(null, null, ("Overridden", false, "NoOverride", "no operator override or pause is in force"));

    /// <summary>What of <paramref name="intent"/> is in force at <paramref name="now"/> (expired entries never show).</summary>
    public static OperatorStatus Of(PolicyIntent intent, DateTimeOffset now)
    {
        var overrides = intent.ActiveOverrides(now).ToList();
        var pause = intent.ActivePause(now);
        if (overrides.Count == 0 && pause is null)
        {
            return None;
        }

        var lines = new List<string>();
        JsonObject? paused = null;
        if (pause is not null)
        {
            paused = new JsonObject { ["owner"] = pause.Owner, ["reason"] = pause.Reason, ["until"] = PolicyStatusBuilder.Time(pause.ExpiresAt) };
            lines.Add($"paused by {pause.Owner} until {PolicyStatusBuilder.Time(pause.ExpiresAt)}: {pause.Reason}");
        }

        foreach (var o in overrides)
        {
            lines.Add($"{Describe(o)} by {o.Owner} until {PolicyStatusBuilder.Time(o.ExpiresAt)}: {o.Reason}");
        }

        // Overrides are kept oldest first: the last one is the newest.
        var newest = overrides.Count == 0 ? null : overrides[^1];
        var shown = newest is null ? null : new JsonObject
        {
            ["kind"] = OverrideKinds.Name(newest.Kind),
            ["replicas"] = newest.Replicas,
            ["owner"] = newest.Owner,
            ["reason"] = newest.Reason,
            ["until"] = PolicyStatusBuilder.Time(newest.ExpiresAt),
        };
        if (shown is not null && newest!.Replicas is null)
        {
            shown.Remove("replicas");
        }

        return new(shown, paused, ("Overridden", true, pause is not null ? "Paused" : "OperatorOverride", string.Join("; ", lines)));
    }

    private static string Describe(OperatorOverride o) =>
        o.Replicas is { } n ? $"{OverrideKinds.Name(o.Kind)} {n.ToString(CultureInfo.InvariantCulture)}" : OverrideKinds.Name(o.Kind);
}
