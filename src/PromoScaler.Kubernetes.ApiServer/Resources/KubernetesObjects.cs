using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>Minimal, valid objects to seed a server with (pass them to <see cref="KubernetesApiServer.Put"/>).</summary>
public static class KubernetesObjects
{
    /// <summary>A custom resource with <c>/scale</c> at the usual paths and a status subresource, e.g. <c>argoproj.io/v1alpha1 rollouts</c>.</summary>
    public static ResourceType ScalableCustomResource(string group, string version, string plural, string kind) =>
        new(group, version, plural, kind) { Scale = new ScaleSubresource(LabelSelectorPath: ".status.selector"), HasStatusSubresource = true };

    /// <summary>A Deployment running <paramref name="replicas"/> (<paramref name="readyReplicas"/> of them ready; default all).</summary>
    public static JsonObject Deployment(string ns, string name, int replicas, int? readyReplicas = null) =>
        Workload("apps/v1", "Deployment", ns, name, replicas, readyReplicas);

    /// <summary>A StatefulSet running <paramref name="replicas"/>.</summary>
    public static JsonObject StatefulSet(string ns, string name, int replicas, int? readyReplicas = null) =>
        Workload("apps/v1", "StatefulSet", ns, name, replicas, readyReplicas);

    /// <summary>An object of a custom resource with <c>spec.replicas</c> and a status as its controller would write it.</summary>
    public static JsonObject CustomScalable(ResourceType type, string ns, string name, int replicas)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new JsonObject
        {
            ["apiVersion"] = type.ApiVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
            ["status"] = new JsonObject { ["replicas"] = replicas, ["readyReplicas"] = replicas, ["selector"] = $"app={name}" },
        };
    }

    /// <summary>An autoscaling/v2 HPA on the Deployment <paramref name="deployment"/>, currently at <paramref name="currentReplicas"/> (default: min).</summary>
    public static JsonObject HorizontalPodAutoscaler(string ns, string name, string deployment, int? minReplicas, int maxReplicas, int? currentReplicas = null) => new()
    {
        ["apiVersion"] = "autoscaling/v2",
        ["kind"] = "HorizontalPodAutoscaler",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = deployment },
            ["minReplicas"] = minReplicas,
            ["maxReplicas"] = maxReplicas,
        },
        ["status"] = new JsonObject
        {
            ["currentReplicas"] = currentReplicas ?? minReplicas ?? 1,
            ["desiredReplicas"] = currentReplicas ?? minReplicas ?? 1,
        },
    };

    /// <summary>
    /// A ResourceQuota with <paramref name="hard"/> limits (e.g. <c>pods: "20"</c>, <c>requests.cpu: "10"</c>) and the
    /// usage the quota controller would have written to its status.
    /// </summary>
    public static JsonObject ResourceQuota(string ns, string name, IReadOnlyDictionary<string, string> hard, IReadOnlyDictionary<string, string> used)
    {
        ArgumentNullException.ThrowIfNull(hard);
        ArgumentNullException.ThrowIfNull(used);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ResourceQuota",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["hard"] = Quantities(hard) },
            ["status"] = new JsonObject { ["hard"] = Quantities(hard), ["used"] = Quantities(used) },
        };
    }

    private static JsonObject Quantities(IReadOnlyDictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (key, value) in values)
        {
            o[key] = value;
        }

        return o;
    }

    /// <summary>A ConfigMap holding <paramref name="data"/>.</summary>
    public static JsonObject ConfigMap(string ns, string name, IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var entries = new JsonObject();
        foreach (var (key, value) in data)
        {
            entries[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = entries,
        };
    }

    private static JsonObject Workload(string apiVersion, string kind, string ns, string name, int replicas, int? readyReplicas) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "app:1" }) },
            },
        },
        ["status"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["readyReplicas"] = readyReplicas ?? replicas,
            ["availableReplicas"] = readyReplicas ?? replicas,
        },
    };
}
