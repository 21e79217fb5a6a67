namespace PromoScaler.Core.Policies.Loading;

/// <summary>
/// Every mapping of the policy format and the keys it accepts, keyed by path (<c>[]</c> stands for any
/// sequence item). The loader rejects any other key; a test checks the JSON Schema against this table field
/// by field, so the two cannot drift.
/// </summary>
internal static class PolicyFieldCatalog
{
    /// <summary>Fields a Kubernetes API server adds to <c>metadata</c>; accepted and ignored (the spec's loading rules).</summary>
    public static readonly IReadOnlySet<string> IgnoredMetadata = new HashSet<string>(StringComparer.Ordinal)
    {
        "namespace", "annotations", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
    };

    private static readonly string[] StepPolicyFields = ["type", "value", "period"];
    private static readonly string[] ScalingRulesFields = ["stabilization", "selectPolicy", "policies"];

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Mappings = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [""] = Set("apiVersion", "kind", "metadata", "spec", "status"),
        ["metadata"] = Set(["name", "labels", .. IgnoredMetadata]),
        ["spec"] = Set("target", "interval", "startup", "metrics", "sizing", "prediction", "prewarm", "guardrails", "dryRun", "hostedBy", "podsPerNode"),
        ["spec.target"] = Set("kind", "namespace", "name", "apiVersion", "resource", "region", "groupId", "groupName", "credentials", "endpoint"),
        ["spec.target.credentials"] = Set(
            "secretIdEnv", "secretKeyEnv", "tokenEnv", "accessKeyIdEnv", "secretAccessKeyEnv", "sessionTokenEnv", "profile", "file"),
        ["spec.metrics[]"] = Set(
            "name", "query", "targetPerReplica", "capacityPerReplica", "source", "whenEmpty", "maxValue",
            "freshnessQuery", "completenessQuery", "minCompleteness"),
        ["spec.sizing"] = Set("mode", "coverage", "window"),
        ["spec.prediction"] = Set("model", "metric", "history", "season", "step", "headroom", "trust", "seasonality"),
        ["spec.prediction.trust"] = Set("window", "maxError", "gate"),
        ["spec.prewarm[]"] = Set("name", "start", "cron", "timeZone", "lead", "replicas", "multiplier", "hold", "rampDown"),
        ["spec.guardrails"] = Set(
            "minReplicas", "maxReplicas", "tolerance", "scaleUp", "scaleDown", "freeze", "onMissingMetrics",
            "fallbackReplicas", "maxStaleness", "budget"),
        ["spec.guardrails.tolerance"] = Set("scaleUp", "scaleDown"),
        ["spec.guardrails.scaleUp"] = Set(ScalingRulesFields),
        ["spec.guardrails.scaleUp.policies[]"] = Set(StepPolicyFields),
        ["spec.guardrails.scaleDown"] = Set(ScalingRulesFields),
        ["spec.guardrails.scaleDown.policies[]"] = Set(StepPolicyFields),
        ["spec.guardrails.freeze[]"] = Set("start", "end", "cron", "timeZone", "duration"),
        ["spec.guardrails.budget"] = Set("pricePerReplicaHour", "maxPerHour"),
    };

    private static HashSet<string> Set(params string[] keys) => new(keys, StringComparer.Ordinal);
}
