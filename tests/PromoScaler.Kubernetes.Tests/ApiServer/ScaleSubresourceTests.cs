using k8s;
using k8s.Models;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.ApiServer;

/// <summary>The <c>/scale</c> subresource as KubernetesClient uses it: read, patch (merge and JSON), replace, conflicts.</summary>
public sealed class ScaleSubresourceTests : IAsyncLifetime
{
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task ReadScale_Deployment_ShowsSpecStatusSelectorAndTheObjectsResourceVersion()
    {
        var scale = await cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop");
        var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");

        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal(3, scale.Status.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
        Assert.Equal(deployment.Metadata.ResourceVersion, scale.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchScale_MergePatch_SetsTheDeploymentsReplicasAndBumpsGeneration()
    {
        var before = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");

        var scale = await cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":7}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        var after = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        Assert.Equal(7, scale.Spec.Replicas);
        Assert.Equal(7, after.Spec.Replicas);
        Assert.Equal(before.Metadata.Generation + 1, after.Metadata.Generation);
        Assert.NotEqual(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal(after.Metadata.ResourceVersion, scale.Metadata.ResourceVersion);
        Assert.Equal("application/merge-patch+json; charset=utf-8", cluster.Server.Requests.Matching("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web/scale").Single().ContentType);
    }

    [Fact]
    public async Task PatchScale_JsonPatchOnAStatefulSet_TestsThenReplacesReplicas()
    {
        cluster.Server.Put(BuiltInResources.StatefulSets, KubernetesObjects.StatefulSet("shop", "db", 1));

        var patched = await cluster.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(
            new V1Patch("""[{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":2}]""", V1Patch.PatchType.JsonPatch), "db", "shop");

        Assert.Equal(2, patched.Spec.Replicas);
        Assert.Equal(2, (await cluster.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", "shop")).Spec.Replicas);
    }

    [Fact]
    public async Task PatchScale_JsonPatchWhoseTestFails_Is422AndChangesNothing()
    {
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/replicas","value":9},{"op":"test","path":"/spec/replicas","value":3}]""", V1Patch.PatchType.JsonPatch), "web", "shop"));

        Assert.Equal(422, code);
        Assert.Equal("Failure", status.Status);
        Assert.Equal(3, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Replicas);
    }

    [Fact]
    public async Task PatchScale_MalformedJsonPatch_Is400BadRequest()
    {
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"op":"replace"}""", V1Patch.PatchType.JsonPatch), "web", "shop"));

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status.Reason);
    }

    [Fact]
    public async Task PatchScale_StaleResourceVersion_Is409ConflictWithTheApiServersStatus()
    {
        var read = await cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop");
        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 4);

        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch($$$"""{"metadata":{"resourceVersion":"{{{read.Metadata.ResourceVersion}}}"},"spec":{"replicas":9}}""", V1Patch.PatchType.MergePatch), "web", "shop"));

        Assert.Equal(409, code);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("Failure", status.Status);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal(409, status.Code);
        Assert.Equal("web", status.Details.Name);
        Assert.Equal("apps", status.Details.Group);
        Assert.Equal("deployments", status.Details.Kind);
        Assert.Equal("Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
        Assert.Equal(4, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Replicas);
    }

    [Fact]
    public async Task ReplaceScale_CurrentResourceVersion_WritesAndStaleOneConflicts()
    {
        var read = await cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop");
        read.Spec.Replicas = 5;

        var replaced = await cluster.Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(read, "web", "shop");
        read.Spec.Replicas = 6;
        var (code, _) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(read, "web", "shop"));

        Assert.Equal(5, replaced.Spec.Replicas);
        Assert.Equal(409, code);
        Assert.Equal(5, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Replicas);
    }

    [Fact]
    public async Task PatchScale_NegativeReplicas_Is422InvalidNamingTheField()
    {
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":-1}}""", V1Patch.PatchType.MergePatch), "web", "shop"));

        Assert.Equal(422, code);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("spec.replicas", status.Details.Causes.Single().Field);
        Assert.Equal("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", status.Message);
    }

    [Fact]
    public async Task ReadScale_Missing_Is404NotFoundNamingTheObject()
    {
        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("gone", "shop"));

        Assert.Equal(404, code);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("deployments.apps \"gone\" not found", status.Message);
        Assert.Equal("gone", status.Details.Name);
    }

    [Fact]
    public async Task PatchDeployment_DryRunAll_AnswersTheResultAndStoresNothing()
    {
        var answered = await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":8}}""", V1Patch.PatchType.MergePatch), "web", "shop", dryRun: "All");

        Assert.Equal(8, answered.Spec.Replicas);
        Assert.Equal(3, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Spec.Replicas);
    }

    [Fact]
    public async Task PatchDeployment_StatusInThePatch_IsIgnoredBecauseStatusIsASubresource()
    {
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":4},"status":{"readyReplicas":99}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        Assert.Equal(4, deployment.Spec.Replicas);
        Assert.Equal(3, deployment.Status.ReadyReplicas);
    }

    [Fact]
    public async Task CustomResourceScale_Registered_ReadsAndPatchesThroughTheGenericScaleCalls()
    {
        var rollouts = KubernetesObjects.ScalableCustomResource("argoproj.io", "v1alpha1", "rollouts", "Rollout");
        cluster.Server.Register(rollouts);
        cluster.Server.Put(rollouts, KubernetesObjects.CustomScalable(rollouts, "shop", "checkout", 2));

        var read = KubernetesJson.Deserialize<V1Scale>(KubernetesJson.Serialize(
            await cluster.Client.CustomObjects.GetNamespacedCustomObjectScaleAsync("argoproj.io", "v1alpha1", "shop", "rollouts", "checkout")));
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("""{"spec":{"replicas":6}}""", V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", "shop", "rollouts", "checkout");

        Assert.Equal(2, read.Spec.Replicas);
        Assert.Equal("app=checkout", read.Status.Selector);
        Assert.Equal(6, (int)cluster.Server.Get(rollouts, "shop", "checkout")!["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task CustomResourceScale_StrategicMergePatch_Is415AsForAnyCustomResource()
    {
        var rollouts = KubernetesObjects.ScalableCustomResource("argoproj.io", "v1alpha1", "rollouts", "Rollout");
        cluster.Server.Register(rollouts);
        cluster.Server.Put(rollouts, KubernetesObjects.CustomScalable(rollouts, "shop", "checkout", 2));

        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("""{"spec":{"replicas":6}}""", V1Patch.PatchType.StrategicMergePatch), "argoproj.io", "v1alpha1", "shop", "rollouts", "checkout"));

        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", status.Reason);
    }

    [Fact]
    public async Task CustomResourceScale_NotRegistered_Is404()
    {
        var (code, status) = await TestCluster.FailureOf(() =>
            cluster.Client.CustomObjects.GetNamespacedCustomObjectScaleAsync("argoproj.io", "v1alpha1", "shop", "rollouts", "checkout"));

        Assert.Equal(404, code);
        Assert.Equal("NotFound", status.Reason);
    }
}
