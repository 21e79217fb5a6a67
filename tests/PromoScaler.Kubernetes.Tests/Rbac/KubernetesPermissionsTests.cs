using k8s.LeaderElection.ResourceLock;
using k8s.LeaderElection;
using Microsoft.Extensions.Logging.Testing;
using PromoScaler.Core.Policies;
using PromoScaler.Kubernetes.ApiServer.Diagnostics;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.CustomResources;
using PromoScaler.Kubernetes.Rbac;
using PromoScaler.Kubernetes.State;
using PromoScaler.Kubernetes.Tests.Infrastructure;
using PromoScaler.Resilience;
using static Microsoft.Extensions.Options.Options;

namespace PromoScaler.Kubernetes.Tests.Rbac;

/// <summary>
/// The exported permission list against the calls really made: every adapter (workload, HPA floor, custom /scale,
/// Events, the state ConfigMap, the leader Lease) is driven through read, first write and later write against the
/// in-process API server, and each request it answered is mapped to (group, resource, verb) as RBAC authorizes it.
/// </summary>
public sealed class KubernetesPermissionsTests
{
    [Fact]
    public async Task All_EveryCallTheAdaptersMake_IsListedAndEveryListedPermissionIsUsed()
    {
        await using var cluster = await TestCluster.StartAsync();
        var rollouts = KubernetesObjects.ScalableCustomResource("argoproj.io", "v1alpha1", "rollouts", "Rollout");
        cluster.Server.Register(rollouts);
        cluster.Server.Put(rollouts, KubernetesObjects.CustomScalable(rollouts, "shop", "checkout", 4));
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3, readyReplicas: 3));
        cluster.Server.Put(BuiltInResources.StatefulSets, KubernetesObjects.StatefulSet("shop", "db", 3, readyReplicas: 3));
        cluster.Server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "api", "api", 2, 10, currentReplicas: 2));
        var harness = new TargetHarness(cluster);
        var targets = new[]
        {
            new TargetRef(TargetKind.Deployment, "shop", "web"),
            new TargetRef(TargetKind.StatefulSet, "shop", "db"),
            new TargetRef(TargetKind.HorizontalPodAutoscaler, "shop", "api"),
            new TargetRef(TargetKind.Scale, "shop", "checkout", "argoproj.io/v1alpha1", "rollouts"),
        };
        foreach (var target in targets.Select(harness.Provider.Create))
        {
            var read = await target.ObserveAsync(CancellationToken.None);
            await target.WriteAsync(TargetHarness.Request(read.Observation!.SpecReplicas + 1, read.Observation.SpecReplicas), CancellationToken.None);
        }

        var store = new ConfigMapStateStore(
            cluster.Client, Create(new ConfigMapStateStoreOptions { Namespace = "promoscaler" }), Create(new KubernetesOptions()),
            TimeProvider.System, JitterSource.Shared, new FakeLogger<ConfigMapStateStore>());
        var empty = await store.ReadAsync(CancellationToken.None);
        var created = await store.WriteAsync("{}", empty.Version, CancellationToken.None);
        await store.WriteAsync("{\"policies\":{}}", created.Version, CancellationToken.None);

        var lease = new LeaseLock(cluster.Client, "promoscaler", "promoscaler", "replica-a");
        await Assert.ThrowsAnyAsync<Exception>(() => lease.GetAsync());
        var record = new LeaderElectionRecord { HolderIdentity = "replica-a", LeaseDurationSeconds = 15, AcquireTime = DateTime.UnixEpoch, RenewTime = DateTime.UnixEpoch };
        Assert.True(await lease.CreateAsync(record));
        await lease.GetAsync();
        Assert.True(await lease.UpdateAsync(record));

        var policyType = cluster.Server.Define(ScalingPolicyDefinition.Build());
        cluster.Server.Put(policyType, ApiServer.WatchTests.Policy("search"));
        var informer = new ScalingPolicyInformer(cluster.Client, ["shop"], TimeProvider.System, new FakeLogger<ScalingPolicyInformer>()) { WatchTimeout = TimeSpan.FromSeconds(1) };
        var version = await informer.ListAsync("shop", CancellationToken.None);
        // The watch request is what counts here; its end after timeoutSeconds may surface as a closed stream.
        await Record.ExceptionAsync(() => informer.WatchAsync("shop", version, CancellationToken.None));
        var policy = informer.Current.Single();
        var statuses = new ScalingPolicyStatusClient(cluster.Client, TimeProvider.System, TimeSpan.FromSeconds(5));
        Assert.Null(await statuses.PatchStatusAsync(policy, new System.Text.Json.Nodes.JsonObject { ["observedGeneration"] = 1 }, CancellationToken.None));
        Assert.Null(await statuses.RecordEventAsync(policy, "Normal", "SuccessfulRescale", "New size: 3", CancellationToken.None));

        // The target watch cache: each workload kind of the namespace listed, then watched.
        var cached = new TargetHarness(cluster, o => o.TargetCache.Enabled = true);
        var workloads = new[] { cached.Deployment(), cached.StatefulSet("db") };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await Task.WhenAll(workloads.Select(w => w.ObserveAsync(CancellationToken.None).AsTask()))).All(r => r.ObservedFrom == "watchCache"))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the watch cache did not sync");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        // A watch is logged when it ends: stopping the cache ends both.
        ((IDisposable)cached.Provider).Dispose();
        while (cluster.Server.Requests.All.Count(r => r.Query.Contains("watch=true", StringComparison.Ordinal) && r.Path.StartsWith("/apis/apps/", StringComparison.Ordinal)) < 2)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the watches did not end");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        var made = cluster.Server.Requests.All.Select(Permission).ToHashSet();
        var listed = KubernetesPermissions.All.Select(p => (p.ApiGroup, p.Resource, p.Verb))
            .Concat(KubernetesPermissions.CustomScaleVerbs.Select(v => ("argoproj.io", "rollouts/scale", v)))
            .ToHashSet();
        Assert.Equal(listed.OrderBy(p => p.ToString()), made.OrderBy(p => p.ToString()));
    }

    /// <summary>A request as RBAC authorizes it: <c>/apis/{group}/{version}/namespaces/{ns}/{resource}[/{name}[/{sub}]]</c>.</summary>
    private static (string Group, string Resource, string Verb) Permission(RecordedRequest request)
    {
        var parts = request.Path.Trim('/').Split('/');
        var (group, rest) = parts[0] == "api" ? ("", parts[2..]) : (parts[1], parts[3..]);
        Assert.Equal("namespaces", rest[0]);
        if (request.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            return (group, rest[2], "watch");
        }

        var resource = rest.Length > 4 ? $"{rest[2]}/{rest[4]}" : rest[2];
        var named = rest.Length > 3;
        var verb = request.Method switch
        {
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => request.Method,
        };
        return (group, resource, verb);
    }
}
