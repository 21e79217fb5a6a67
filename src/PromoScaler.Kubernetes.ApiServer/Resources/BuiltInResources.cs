using System.Text;
using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>The built-in resources PromoScaler touches, with the validation rules of theirs that matter to it.</summary>
public static class BuiltInResources
{
    /// <summary>The size limit of a ConfigMap's data, keys included: 1 MiB.</summary>
    public const int MaxConfigMapDataBytes = 1024 * 1024;

    /// <summary><c>apps/v1 deployments</c>, with <c>/scale</c>.</summary>
    public static ResourceType Deployments { get; } = new("apps", "v1", "deployments", "Deployment")
    {
        Scale = new ScaleSubresource(),
        HasStatusSubresource = true,
        AcceptsStrategicMergePatch = true,
        Validate = ReplicasNotNegative,
    };

    /// <summary><c>apps/v1 statefulsets</c>, with <c>/scale</c>.</summary>
    public static ResourceType StatefulSets { get; } = new("apps", "v1", "statefulsets", "StatefulSet")
    {
        Scale = new ScaleSubresource(),
        HasStatusSubresource = true,
        AcceptsStrategicMergePatch = true,
        Validate = ReplicasNotNegative,
    };

    /// <summary><c>autoscaling/v2 horizontalpodautoscalers</c>.</summary>
    public static ResourceType HorizontalPodAutoscalers { get; } = new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler")
    {
        HasStatusSubresource = true,
        AcceptsStrategicMergePatch = true,
        Validate = HpaBounds,
    };

    /// <summary><c>coordination.k8s.io/v1 leases</c>.</summary>
    public static ResourceType Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease") { AcceptsStrategicMergePatch = true };

    /// <summary><c>v1 configmaps</c>.</summary>
    public static ResourceType ConfigMaps { get; } = new(string.Empty, "v1", "configmaps", "ConfigMap")
    {
        AcceptsStrategicMergePatch = true,
        Validate = ConfigMapSize,
    };

    /// <summary><c>v1 events</c> (the core group's events, which <c>kubectl describe</c> shows).</summary>
    public static ResourceType CoreEvents { get; } = new(string.Empty, "v1", "events", "Event") { AcceptsStrategicMergePatch = true };

    /// <summary><c>events.k8s.io/v1 events</c>; kept apart from <see cref="CoreEvents"/> (the real server converts between them).</summary>
    public static ResourceType Events { get; } = new("events.k8s.io", "v1", "events", "Event") { AcceptsStrategicMergePatch = true };

    /// <summary>
    /// <c>v1 resourcequotas</c>, read by <c>preflight</c>. As on a real server, <c>status</c> (hard, used) is the quota
    /// controller's: written through the status subresource, so a test sets the usage it wants.
    /// </summary>
    public static ResourceType ResourceQuotas { get; } = new(string.Empty, "v1", "resourcequotas", "ResourceQuota")
    {
        HasStatusSubresource = true,
        AcceptsStrategicMergePatch = true,
    };

    /// <summary>All of them.</summary>
    public static IReadOnlyList<ResourceType> All { get; } =
        [Deployments, StatefulSets, HorizontalPodAutoscalers, Leases, ConfigMaps, CoreEvents, Events, ResourceQuotas];

    /// <summary>A <c>Scale</c> object's own rule: <c>spec.replicas</c> is not negative.</summary>
    internal static IReadOnlyList<FieldError> ScaleReplicasNotNegative(JsonObject scale) => ReplicasNotNegative(scale);

    private static IReadOnlyList<FieldError> ReplicasNotNegative(JsonObject o)
    {
        var replicas = o["spec"]?["replicas"];
        if (replicas is null)
        {
            return [];
        }

        return JsonPaths.AsInt(replicas) is not { } value
            ? [new FieldError("spec.replicas", $"Invalid value: {replicas.ToJsonString()}: must be an integer")]
            : value < 0 ? [new FieldError("spec.replicas", $"Invalid value: {value}: must be greater than or equal to 0")] : [];
    }

    private static List<FieldError> HpaBounds(JsonObject o)
    {
        var errors = new List<FieldError>();
        var max = JsonPaths.AsInt(o["spec"]?["maxReplicas"]);
        var min = o["spec"]?["minReplicas"] is { } minNode ? JsonPaths.AsInt(minNode) ?? int.MinValue : (int?)null;
        if (max is null)
        {
            errors.Add(new FieldError("spec.maxReplicas", "Required value", "FieldValueRequired"));
        }
        else if (max < 1)
        {
            errors.Add(new FieldError("spec.maxReplicas", $"Invalid value: {max}: must be greater than or equal to 1"));
        }

        if (min is { } m && m < 1)
        {
            errors.Add(new FieldError("spec.minReplicas", $"Invalid value: {m}: must be greater than or equal to 1"));
        }
        else if (min is { } lower && max is { } upper && lower > upper)
        {
            errors.Add(new FieldError("spec.maxReplicas", $"Invalid value: {upper}: must be greater than or equal to `minReplicas`"));
        }

        return errors;
    }

    private static IReadOnlyList<FieldError> ConfigMapSize(JsonObject o)
    {
        long size = 0;
        foreach (var member in new[] { "data", "binaryData" })
        {
            if (o[member] is JsonObject entries)
            {
                foreach (var (key, value) in entries)
                {
                    // binaryData values travel as base64; the limit counts the decoded bytes.
                    var text = value?.GetValue<string>() ?? string.Empty;
                    size += Encoding.UTF8.GetByteCount(key) + (member == "data" ? Encoding.UTF8.GetByteCount(text) : text.Length * 3 / 4);
                }
            }
        }

        return size > MaxConfigMapDataBytes
            ? [new FieldError("data", $"Too long: must have at most {MaxConfigMapDataBytes} bytes", "FieldValueTooLong")]
            : [];
    }
}
