using k8s;
using k8s.Models;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.ApiServer;

/// <summary>Create, update, patch and list of the other objects PromoScaler touches: HPAs, ConfigMaps, Leases, Events.</summary>
public sealed class ObjectVerbsTests : IAsyncLifetime
{
    private TestCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task PatchHpa_MinReplicas_IsStoredAndStatusKept()
    {
        cluster.Server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "web", "web", 2, 10, currentReplicas: 4));

        var patched = await cluster.Client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(
            new V1Patch("""{"spec":{"minReplicas":6}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        Assert.Equal(6, patched.Spec.MinReplicas);
        Assert.Equal(10, patched.Spec.MaxReplicas);
        Assert.Equal(4, patched.Status.CurrentReplicas);
    }

    [Fact]
    public async Task PatchHpa_MinAboveMax_Is422InvalidOnMaxReplicas()
    {
        cluster.Server.Put(BuiltInResources.HorizontalPodAutoscalers, KubernetesObjects.HorizontalPodAutoscaler("shop", "web", "web", 2, 10));

        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(
            new V1Patch("""{"spec":{"minReplicas":11}}""", V1Patch.PatchType.MergePatch), "web", "shop"));

        Assert.Equal(422, code);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("HorizontalPodAutoscaler", status.Details.Kind);
        Assert.Equal("spec.maxReplicas", status.Details.Causes.Single().Field);
        Assert.Equal(2, (await cluster.Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "shop")).Spec.MinReplicas);
    }

    [Fact]
    public async Task CreateConfigMap_Is201ThenAlreadyExists409()
    {
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "state" }, Data = new Dictionary<string, string> { ["a"] = "1" } };

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "shop");
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "shop"));

        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(201, cluster.Server.Requests.Matching("POST", "/api/v1/namespaces/shop/configmaps")[0].StatusCode);
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal("configmaps \"state\" already exists", status.Message);
    }

    [Fact]
    public async Task ReplaceConfigMap_CurrentVersionWrites_StaleVersionConflicts()
    {
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "state" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "shop");
        created.Data["a"] = "2";

        var replaced = await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "state", "shop");
        created.Data["a"] = "3";
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "state", "shop"));

        Assert.Equal("2", replaced.Data["a"]);
        Assert.Equal(409, code);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("2", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("state", "shop")).Data["a"]);
    }

    [Fact]
    public async Task ReplaceConfigMap_NameDiffersFromUrl_Is400()
    {
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "state" } }, "shop");

        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "other" } }, "state", "shop"));

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status.Reason);
    }

    [Fact]
    public async Task CreateConfigMap_DataAboveOneMebibyte_Is422TooLong()
    {
        var configMap = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "big" },
            Data = new Dictionary<string, string> { ["state.json"] = new string('x', BuiltInResources.MaxConfigMapDataBytes) },
        };

        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "shop"));

        Assert.Equal(422, code);
        Assert.Equal("FieldValueTooLong", status.Details.Causes.Single().Reason);
        Assert.Empty(cluster.Server.List(BuiltInResources.ConfigMaps));
    }

    [Fact]
    public async Task Lease_CreateReadReplace_AsTheLeaderElectorUsesIt()
    {
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "promoscaler" },
            Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15, RenewTime = new DateTime(2026, 12, 1, 12, 0, 0, 123, DateTimeKind.Utc) },
        };

        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "shop");
        var read = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("promoscaler", "shop");
        read.Spec.HolderIdentity = "b";
        var replaced = await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(read, "promoscaler", "shop");

        Assert.Equal(lease.Spec.RenewTime, read.Spec.RenewTime);
        Assert.Equal("b", replaced.Spec.HolderIdentity);
        Assert.NotEqual(read.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task CoreEvents_CreateThenListWithFieldSelector_FindsTheTargetsEvents()
    {
        foreach (var name in new[] { "web", "db" })
        {
            await cluster.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { GenerateName = name + "." },
                InvolvedObject = new V1ObjectReference { Kind = "Deployment", Name = name, NamespaceProperty = "shop" },
                Reason = "SuccessfulRescale",
                Message = "New size: 4",
                Type = "Normal",
            }, "shop");
        }

        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("shop", fieldSelector: "involvedObject.name=web,involvedObject.kind=Deployment");
        var all = await cluster.Client.CoreV1.ListEventForAllNamespacesAsync();

        var only = Assert.Single(events.Items);
        Assert.StartsWith("web.", only.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("SuccessfulRescale", only.Reason);
        Assert.Equal(2, all.Items.Count);
    }

    [Fact]
    public async Task EventsV1_CreateThenList_RoundTrips()
    {
        await cluster.Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1" },
            Regarding = new V1ObjectReference { Kind = "Deployment", Name = "web", NamespaceProperty = "shop" },
            Reason = "SuccessfulRescale",
            Note = "New size: 4",
            Type = "Normal",
            Action = "Scale",
            ReportingController = "promoscaler.io/promoscaler",
            ReportingInstance = "promoscaler-0",
            EventTime = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc),
        }, "shop");

        var listed = await cluster.Client.EventsV1.ListNamespacedEventAsync("shop");

        Assert.Equal("New size: 4", Assert.Single(listed.Items).Note);
        Assert.Empty(cluster.Server.List(BuiltInResources.CoreEvents));
    }

    [Fact]
    public async Task UnknownResource_Is404WithTheServersWording()
    {
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.CoreV1.ReadNamespacedSecretAsync("x", "shop"));

        Assert.Equal(404, code);
        Assert.Equal("the server could not find the requested resource", status.Message);
    }
}
