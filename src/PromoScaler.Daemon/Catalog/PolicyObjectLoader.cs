using System.Text.Json.Nodes;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Daemon.Catalog;

/// <summary>
/// Loads ScalingPolicy objects through the same <see cref="PolicyLoader"/> as files and <c>validate --strict</c>, one
/// object at a time so one bad object costs only itself. The object is read as written (its <c>spec</c>, name and
/// labels; what the API server adds is left out), reported as <c>scalingpolicy/NAMESPACE/NAME</c>, and a Kubernetes
/// target without a namespace gets the object's. An object may target only its own namespace unless cross-namespace
/// targets are allowed; a name is one policy across files and namespaces, so a clash refuses the newcomer.
/// </summary>
internal static class PolicyObjectLoader
{
    /// <summary>The name an object is reported under, in place of a file name.</summary>
    public static string Label(PolicyObject o) => $"scalingpolicy/{o.Namespace}/{o.Name}";

    /// <summary>The policy of <paramref name="o"/>, or its errors.</summary>
    public static (ScalingPolicy? Policy, IReadOnlyList<string> Errors) Load(PolicyObject o, bool allowCrossNamespace, DateTimeOffset now)
    {
        var text = Text(o);
        var result = PolicyLoader.LoadText(Label(o), text, now, strict: true);
        if (!result.Succeeded)
        {
            return (null, [.. result.Errors.Select(e => string.IsNullOrEmpty(e.Path) ? e.Message : $"{e.Path}: {e.Message}")]);
        }

        var policy = result.Policies.Single();
        var target = policy.Spec.Target;
        if (!target.IsVmGroup && !allowCrossNamespace && !string.Equals(target.Namespace, o.Namespace, StringComparison.Ordinal))
        {
            return (null, [$"spec.target.namespace: {target.Namespace} is not this object's namespace {o.Namespace}: a ScalingPolicy may target only its own namespace (Policies:AllowCrossNamespaceTargets allows others)"]);
        }

        return (policy, []);
    }

    /// <summary>The object as policy YAML: what its author wrote, with the target's namespace defaulted to the object's.</summary>
    internal static string Text(PolicyObject o)
    {
        var body = o.Body;
        var metadata = new JsonObject { ["name"] = o.Name };
        if (body["metadata"]?["labels"] is JsonObject labels)
        {
            metadata["labels"] = labels.DeepClone();
        }

        var spec = body["spec"]?.DeepClone();
        if (spec?["target"] is JsonObject target && target["namespace"] is null && IsKubernetesKind((string?)target["kind"]))
        {
            target["namespace"] = o.Namespace;
        }

        var document = new JsonObject
        {
            ["apiVersion"] = body["apiVersion"]?.DeepClone(),
            ["kind"] = body["kind"]?.DeepClone(),
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
        return YamlText.Write(document);
    }

    private static bool IsKubernetesKind(string? kind) => kind is "Deployment" or "StatefulSet" or "Scale" or "HorizontalPodAutoscaler";
}
