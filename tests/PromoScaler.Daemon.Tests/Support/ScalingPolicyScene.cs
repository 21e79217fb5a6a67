using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Status;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Daemon.Tests.Support;

/// <summary>
/// What the ScalingPolicy tests share: the <see cref="ClusterScene"/> with the ScalingPolicy CRD defined and the
/// Deployment <c>shop/search</c> at 2 replicas, a policy object for it (<see cref="Policy"/>), and daemons whose policy
/// source is the API server (<see cref="StartAsync"/>), started once their catalog has read the objects.
/// </summary>
public abstract class ScalingPolicyScene : ClusterScene
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 11, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The ScalingPolicy resource the API server serves.</summary>
    internal ResourceType PolicyType { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        PolicyType = Server.Define(ScalingPolicyDefinition.Build());
        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "search", 2, readyReplicas: 2));
    }

    /// <summary>
    /// A daemon reading policies from <paramref name="source"/> (<c>Kubernetes</c>, <c>Both</c>: with the files of
    /// <see cref="ClusterScene.Policies"/>), with <paramref name="settings"/> added, started, and returned once its
    /// catalog has loaded. Status is written only when a test asks (<c>StatusInterval</c> 10m on the fake clock).
    /// </summary>
    internal async Task<ClusterDaemon> StartAsync(string source = "Kubernetes", IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Policies:Source"] = source,
            ["Policies:Directory"] = source == "Kubernetes" ? null : Policies,
            ["Policies:StatusInterval"] = "00:10:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var daemon = ClusterDaemon.Create(Server, Scratch, Policies, T0, values, replace);
        await daemon.StartAsync();
        await EventuallyAsync(() => daemon.Services.GetRequiredService<PolicyCatalog>().Current.Generation > 0);
        return daemon;
    }

    /// <summary>The daemon's status writer, whose rounds a test runs with <c>WriteOnceAsync</c>.</summary>
    internal static PolicyStatusWriter Writer(ClusterDaemon daemon) => daemon.Services.GetRequiredService<PolicyStatusWriter>();

    /// <summary>Deletes the object <c>shop/NAME</c> through the API, as <c>kubectl delete sp</c> does.</summary>
    internal async Task DeleteObjectAsync(string name)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.WriteKubeconfig(Scratch.File("kubeconfig-delete"))));
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(ScalingPolicyDefinition.Group, ScalingPolicyDefinition.Version, "shop", ScalingPolicyDefinition.Plural, name);
    }

    /// <summary>A valid ScalingPolicy for the Deployment of the same name: 100 requests/s per replica, 1 to 50 replicas.</summary>
    internal static JsonObject Policy(string name, string ns = "shop") => new()
    {
        ["apiVersion"] = "promoscaler.io/v1",
        ["kind"] = "ScalingPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["target"] = new JsonObject { ["kind"] = "Deployment", ["name"] = name },
            ["interval"] = "15s",
            ["metrics"] = new JsonArray(new JsonObject { ["name"] = "rps", ["query"] = DaemonPolicyYaml.Query(name), ["targetPerReplica"] = 100 }),
            ["guardrails"] = new JsonObject { ["minReplicas"] = 1, ["maxReplicas"] = 50 },
        },
    };
}
