using k8s;
using k8s.Autorest;
using k8s.Models;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.ApiServer;

/// <summary>Injected faults answer as the real server would, for the matching requests only, as many times as asked.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string ScalePath = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Forbidden_NamesUserVerbSubresourceGroupAndNamespace()
    {
        cluster.Server.Faults.Fail("PATCH", ScalePath, 403);

        var (code, status) = await TestCluster.FailureOf(() => PatchReplicas(5));

        Assert.Equal(403, code);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Equal(
            "deployments.apps \"web\" is forbidden: User \"system:serviceaccount:promoscaler:promoscaler\" cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"shop\"",
            status.Message);
        Assert.Equal(3, (await cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop")).Spec.Replicas);
    }

    [Fact]
    public async Task TooManyRequests_SendsRetryAfterAndStopsAfterTimes()
    {
        var fault = cluster.Server.Faults.Fail("PATCH", ScalePath, 429, times: 2, retryAfterSeconds: 3);

        var first = await Assert.ThrowsAsync<HttpOperationException>(() => PatchReplicas(5));
        await Assert.ThrowsAsync<HttpOperationException>(() => PatchReplicas(5));
        var third = await PatchReplicas(5);

        var status = KubernetesJson.Deserialize<V1Status>(first.Response.Content);
        Assert.Equal(429, (int)first.Response.StatusCode);
        Assert.Equal("3", first.Response.Headers["Retry-After"].Single());
        Assert.Equal("TooManyRequests", status.Reason);
        Assert.Equal(3, status.Details.RetryAfterSeconds);
        Assert.Equal(5, third.Spec.Replicas);
        Assert.Equal(2, fault.Hits);
        Assert.Equal([429, 429, 200], cluster.Server.Requests.Matching("PATCH", ScalePath).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task InternalError_Is500WithInternalErrorReason_AndOtherVerbsAreServed()
    {
        cluster.Server.Faults.Fail("PATCH", ScalePath, 500);

        var (code, status) = await TestCluster.FailureOf(() => PatchReplicas(5));
        var read = await cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop");

        Assert.Equal(500, code);
        Assert.Equal("InternalError", status.Reason);
        Assert.Equal(3, read.Spec.Replicas);
    }

    [Fact]
    public async Task NotFound_Injected_Is404NamingTheObject()
    {
        cluster.Server.Faults.Fail("GET", "/apis/apps/v1/namespaces/shop/deployments/*", 404);

        var (code, status) = await TestCluster.FailureOf(() => cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop"));

        Assert.Equal(404, code);
        Assert.Equal("deployments.apps \"web\" not found", status.Message);
    }

    [Fact]
    public async Task Latency_DelaysTheAnswer_AndAClientThatGivesUpSeesACancellation()
    {
        cluster.Server.Faults.Delay("GET", ScalePath, TimeSpan.FromSeconds(5));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop", cancellationToken: timeout.Token));
    }

    [Fact]
    public async Task Abort_DropsTheConnection()
    {
        cluster.Server.Faults.Add(new() { Method = "GET", Path = ScalePath, Abort = true, Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop"));
        var read = await cluster.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "shop");

        Assert.Equal(3, read.Spec.Replicas);
    }

    private Task<V1Scale> PatchReplicas(int replicas) => cluster.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
        new V1Patch($$$"""{"spec":{"replicas":{{{replicas}}}}}""", V1Patch.PatchType.MergePatch), "web", "shop");
}
