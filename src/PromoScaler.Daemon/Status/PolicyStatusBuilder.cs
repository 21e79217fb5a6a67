using System.Globalization;
using System.Text.Json.Nodes;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Evaluation;

namespace PromoScaler.Daemon.Status;

/// <summary>
/// A ScalingPolicy's status from what the catalog made of it and its last tick (docs/kubernetes.md, "Status"), pure:
/// the same inputs give the same status, so the writer can tell a change from a repeat. Conditions follow the
/// Kubernetes convention; a condition whose status did not change keeps its <c>lastTransitionTime</c>.
/// </summary>
internal static class PolicyStatusBuilder
{
    private static readonly ReasonCode[] Limits =
    [
        ReasonCode.MaxReplicas, ReasonCode.MinReplicas, ReasonCode.ScaleUpLimited, ReasonCode.ScaleDownLimited, ReasonCode.BudgetCapped,
        ReasonCode.FreezeWindow, ReasonCode.HpaMaxBelowFloor, ReasonCode.PrewarmClampedToMax, ReasonCode.ScaleUpDisabled, ReasonCode.ScaleDownDisabled,
    ];

    public static JsonObject Build(ObjectVerdict verdict, PolicyTick? tick, DateTimeOffset? lastScale, PolicyIntent intent, JsonObject? previous, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var status = new JsonObject { ["observedGeneration"] = verdict.Source.Generation };
        var running = verdict.RunningGeneration is not null;
        var decision = running ? tick?.Decision : null;
        var controls = running ? OperatorStatus.Of(intent, now) : OperatorStatus.None;
        if (tick is { } t && running)
        {
            status["target"] = Target(t.Policy.Spec.Target);
            status["mode"] = Mode(t.Policy, decision, controls.Paused is not null);
            var windows = ActiveWindows(t.Policy, t.At);
            status["window"] = windows.Count == 0 ? null : string.Join(",", windows.Select(w => $"{w.Kind}/{w.Name}"));
            status["activeWindows"] = new JsonArray([.. windows.Select(w => (JsonNode)new JsonObject { ["kind"] = w.Kind, ["name"] = w.Name, ["until"] = Time(w.Until) })]);
        }

        if (decision is not null)
        {
            status["currentReplicas"] = decision.Current;
            status["desiredReplicas"] = decision.Desired;
            status["lastDecision"] = new JsonObject
            {
                ["reason"] = decision.Reason.ToCode(),
                ["summary"] = DecisionSummary.Of(decision),
                ["action"] = decision.Action.ToString().ToLowerInvariant(),
                ["time"] = Time(tick!.At),
            };
            status["forecastTrust"] = ForecastTrust(decision);
        }

        if (lastScale is { } scaled)
        {
            status["lastScaleTime"] = Time(scaled);
        }

        status["override"] = controls.Override;
        status["paused"] = controls.Paused;
        status["conditions"] = Conditions(verdict, running ? tick : null, decision, controls, previous, now);
        foreach (var key in status.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            status.Remove(key);
        }

        return status;
    }

    private static JsonArray Conditions(ObjectVerdict verdict, PolicyTick? tick, Decision? decision, OperatorStatus controls, JsonObject? previous, DateTimeOffset now)
    {
        var generation = verdict.Source.Generation;
        var kept = verdict.RunningGeneration is { } g ? $"generation {g} keeps running" : "nothing of it runs";
        var list = new List<(string Type, bool? Status, string Reason, string Message)>
        {
            verdict.Valid
                ? ("Valid", true, "Valid", "the policy passed every rule of promoscaler validate --strict")
                : ("Valid", false, "InvalidSpec", $"{string.Join("; ", verdict.Errors)} ({kept})"),
        };
        list.Add(controls.Condition);
        if (tick is null)
        {
            list.Add(("Ready", false, verdict.RunningGeneration is null ? "NotRunning" : "NotEvaluatedYet", verdict.RunningGeneration is null ? "no valid version of this policy runs" : "waiting for its first tick"));
        }
        else
        {
            var targetOk = tick.Problem is null;
            var metricsOk = tick.MetricProblem is null;
            list.Add(("TargetReachable", targetOk, targetOk ? "TargetRead" : "TargetUnreachable", tick.Problem ?? $"{Target(tick.Policy.Spec.Target)} was read"));
            list.Add(("MetricsAvailable", metricsOk, metricsOk ? "MetricsRead" : "MetricsUnavailable", tick.MetricProblem ?? "every metric was read"));
            var limited = decision is not null && decision.Explanation.Any(s => Limits.Contains(s.Code));
            list.Add(("ScalingLimited", limited, limited ? "GuardrailApplied" : "NotLimited", limited ? DecisionSummary.Of(decision!) : "no guardrail limited the last decision"));
            var ready = targetOk && decision is not null && verdict.Valid;
            list.Add(("Ready", ready, ready ? "Evaluating" : !verdict.Valid ? "InvalidSpec" : "TargetUnreachable", ready ? DecisionSummary.Of(decision!) : tick.Problem ?? string.Join("; ", verdict.Errors)));
        }

        var before = (previous?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(c => (string?)c["type"] ?? string.Empty, StringComparer.Ordinal);
        var conditions = new JsonArray();
        foreach (var (type, value, reason, message) in list.OrderBy(c => c.Type, StringComparer.Ordinal))
        {
            var text = value is null ? "Unknown" : value.Value ? "True" : "False";
            var since = before.TryGetValue(type, out var old) && (string?)old["status"] == text ? (string?)old["lastTransitionTime"] : Time(now);
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = text,
                ["reason"] = reason,
                ["message"] = message,
                ["lastTransitionTime"] = since,
                ["observedGeneration"] = generation,
            });
        }

        return conditions;
    }

    internal static string Target(TargetRef target) => $"{target.Kind}/{target.Name}";

    private static string Mode(ScalingPolicy policy, Decision? decision, bool paused)
    {
        var parts = new List<string> { policy.Spec.Sizing.Mode.ToString().ToLowerInvariant() };
        if (policy.Spec.DryRun || decision?.Reason == ReasonCode.DryRun)
        {
            parts.Add("dry-run");
        }

        if (paused || decision?.Reason == ReasonCode.Paused)
        {
            parts.Add("paused");
        }

        return string.Join(",", parts);
    }

    private static string? ForecastTrust(Decision decision) =>
        decision.Explanation.Select(s => s.Code).FirstOrDefault(c => c is ReasonCode.ForecastUsed or ReasonCode.ForecastUntrusted or ReasonCode.ForecastNotEarned or ReasonCode.ForecastEarned or ReasonCode.ForecastNotReady) switch
        {
            ReasonCode.ForecastUsed or ReasonCode.ForecastEarned => "trusted",
            ReasonCode.ForecastUntrusted or ReasonCode.ForecastNotEarned => "untrusted",
            ReasonCode.ForecastNotReady => "notReady",
            _ => null,
        };

    private static List<(string Kind, string Name, DateTimeOffset Until)> ActiveWindows(ScalingPolicy policy, DateTimeOffset at)
    {
        var windows = new List<(string, string, DateTimeOffset)>();
        foreach (var window in policy.Spec.Prewarm)
        {
            foreach (var occurrence in WindowCalendar.ActivePrewarms(window, at))
            {
                windows.Add(("prewarm", window.Name, occurrence.ActiveUntil));
            }
        }

        var index = 0;
        foreach (var freeze in policy.Spec.Guardrails.Freeze)
        {
            if (WindowCalendar.ActiveFreeze(freeze, at) is { } occurrence)
            {
                windows.Add(("freeze", index.ToString(CultureInfo.InvariantCulture), occurrence.Until));
            }

            index++;
        }

        return windows;
    }

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
