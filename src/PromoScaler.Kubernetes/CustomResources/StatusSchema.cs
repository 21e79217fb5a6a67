using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.CustomResources;

/// <summary>The schema of a ScalingPolicy's <c>status</c>, written by the daemon (docs/kubernetes.md, "Status").</summary>
internal static class StatusSchema
{
    public static JsonObject Build() => Object(
        "What PromoScaler last did with this policy. Written by the leader, only on change.",
        ("observedGeneration", Integer("The metadata.generation the daemon last read (valid or not).")),
        ("target", Text("spec.target as KIND/NAME (VM groups: KIND/ID), for kubectl get.")),
        ("currentReplicas", Integer("The target's count at the last decision.")),
        ("desiredReplicas", Integer("The count the last decision asked for.")),
        ("lastScaleTime", DateTime("When the target was last written.")),
        ("lastDecision", Object(
            "The last decision.",
            ("reason", Text("Its reason code (prewarmFloor, reactive, stabilized, ...).")),
            ("summary", Text("Its one-line summary, as explain prints it.")),
            ("action", Text("scale, hold or none.")),
            ("time", DateTime("When it was decided.")))),
        ("window", Text("The active pre-warm or freeze windows, comma-separated (the WINDOW column).")),
        ("activeWindows", Array("The pre-warm and freeze windows in force at the last decision.", Object(
            "One window.",
            ("kind", Text("prewarm or freeze.")),
            ("name", Text("Its name (a freeze: its index).")),
            ("until", DateTime("When it ends."))))),
        ("mode", Text("How it decides: target or calibrated, plus dry-run or paused (the MODE column).")),
        ("override", Object(
            "The newest operator override in force (the Overridden condition lists every one).",
            ("kind", Text("pin, floor, ceiling, freezeScaleDown or freezeScaleUp.")),
            ("replicas", Integer("The count it sets (within the guardrails); absent for a freeze.")),
            ("owner", Text("Who set it (the admin API token's name).")),
            ("reason", Text("Why, as given.")),
            ("until", DateTime("When it ends.")))),
        ("paused", Object(
            "An operator pause in force: the policy decides and records, and writes nothing.",
            ("owner", Text("Who paused (the admin API token's name).")),
            ("reason", Text("Why, as given.")),
            ("until", DateTime("When it resumes by itself.")))),
        ("forecastTrust", Text("Whether the forecast is trusted at the last decision and why (e.g. trusted, untrusted: error 31% > 25%).")),
        ("conditions", Array("Ready, Valid, MetricsAvailable, TargetReachable, ScalingLimited, Overridden.", Condition())));

    private static JsonObject Condition()
    {
        var condition = Object(
            "A condition in the Kubernetes convention.",
            ("type", Text("Ready, Valid, MetricsAvailable, TargetReachable, ScalingLimited or Overridden.")),
            ("status", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("True", "False", "Unknown") }),
            ("reason", Text("A CamelCase reason.")),
            ("message", Text("Human-readable detail (for Valid=False, the validate message).")),
            ("lastTransitionTime", DateTime("When status last changed.")),
            ("observedGeneration", Integer("The generation it was computed for.")));
        condition["required"] = new JsonArray("type", "status");
        return condition;
    }

    private static JsonObject Object(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject { ["type"] = "object", ["description"] = description, ["properties"] = props };
    }

    private static JsonObject Array(string description, JsonObject items) =>
        new() { ["type"] = "array", ["description"] = description, ["items"] = items };

    private static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject Integer(string description) => new() { ["type"] = "integer", ["description"] = description };

    private static JsonObject DateTime(string description) =>
        new() { ["type"] = "string", ["format"] = "date-time", ["description"] = description };
}
