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

    private static volatile Composed? _composed;

    /// <summary>
    /// Every mapping and its keys, with the fields of the VM group kinds registered now (<see cref="TargetKinds"/>):
    /// <c>spec.target</c> gains region, each kind's group field, credentials and endpoint, and
    /// <c>spec.target.credentials</c> each kind's credential fields.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Mappings
    {
        get
        {
            var kinds = TargetKinds.VmGroups;
            var composed = _composed;
            if (composed is null || !ReferenceEquals(composed.Kinds, kinds))
            {
                composed = new Composed(kinds, Compose(kinds));
                _composed = composed;
            }

            return composed.Mappings;
        }
    }

    private static Dictionary<string, IReadOnlySet<string>> Compose(IReadOnlyList<VmGroupKind> kinds)
    {
        var mappings = new Dictionary<string, IReadOnlySet<string>>(Kubernetes, StringComparer.Ordinal);
        if (kinds.Count > 0)
        {
            mappings["spec.target"] = Set([.. Kubernetes["spec.target"], "region", .. kinds.Select(k => k.Group.Key), "credentials", "endpoint"]);
            var profiles = kinds.Any(k => k.Credentials.Profiles) ? new[] { "profile" } : [];
            mappings["spec.target.credentials"] = Set(
                [.. kinds.SelectMany(k => new[] { k.Credentials.IdVariable, k.Credentials.SecretVariable, k.Credentials.TokenVariable }), .. profiles, "file"]);
        }

        return mappings;
    }

    /// <summary>The mappings of a policy of Kubernetes' own kinds.</summary>
    private static readonly Dictionary<string, IReadOnlySet<string>> Kubernetes = new(StringComparer.Ordinal)
    {
        [""] = Set("apiVersion", "kind", "metadata", "spec", "status"),
        ["metadata"] = Set(["name", "labels", .. IgnoredMetadata]),
        ["spec"] = Set("target", "interval", "startup", "metrics", "sizing", "prediction", "prewarm", "guardrails", "dryRun", "hostedBy", "podsPerNode"),
        ["spec.target"] = Set("kind", "namespace", "name", "apiVersion", "resource"),
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

    private static HashSet<string> Set(params IEnumerable<string> keys) => new(keys, StringComparer.Ordinal);

    /// <summary>The mappings composed for one set of registered kinds.</summary>
    private sealed record Composed(IReadOnlyList<VmGroupKind> Kinds, IReadOnlyDictionary<string, IReadOnlySet<string>> Mappings);
}
