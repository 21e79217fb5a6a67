using k8s;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Tests.Infrastructure;

namespace PromoScaler.Kubernetes.Tests.Targets;

/// <summary>Deployment and StatefulSet targets against the in-process API server, through the real KubernetesClient.</summary>
public sealed class WorkloadTargetTests : IAsyncLifetime
{
    private const string ScalePath = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
    private TestCluster cluster = null!;
    private TargetHarness harness = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "web", 3, readyReplicas: 2));
        harness = new TargetHarness(cluster);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Observe_Deployment_ReportsSpecAsCurrentWithStatusAndReadyCounts()
    {
        var read = await harness.Deployment().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Ok, read.Outcome);
        Assert.Equal(new TargetObservation(3, 3, 2), read.Observation);
    }

    [Fact]
    public async Task Write_AfterObserve_PatchesTheScaleSubresourceConditionallyOnTheReadVersion()
    {
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);
        var version = (string?)cluster.Server.Get(BuiltInResources.Deployments, "shop", "web")!["metadata"]!["resourceVersion"];

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(5), write);
        Assert.Equal(5, (int)cluster.Server.Get(BuiltInResources.Deployments, "shop", "web")!["spec"]!["replicas"]!);
        var patch = Assert.Single(cluster.Server.Requests.Matching("PATCH", ScalePath));
        Assert.StartsWith("application/merge-patch+json", patch.ContentType, StringComparison.Ordinal);
        Assert.Contains($"\"resourceVersion\":\"{version}\"", patch.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_RecordsASuccessfulRescaleEventOnTheDeploymentWithReasonAndSummary()
    {
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        await target.WriteAsync(new ScaleRequest(6, 3, ReasonCode.PrewarmFloor, "pre-warm double-11 from 23:40"), CancellationToken.None);

        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("shop", fieldSelector: "involvedObject.kind=Deployment,involvedObject.name=web");
        var e = Assert.Single(events.Items);
        var uid = (string?)cluster.Server.Get(BuiltInResources.Deployments, "shop", "web")!["metadata"]!["uid"];
        Assert.Equal("SuccessfulRescale", e.Reason);
        Assert.Equal("Normal", e.Type);
        Assert.Equal("New size: 6; reason: prewarmFloor: pre-warm double-11 from 23:40", e.Message);
        Assert.Equal(uid, e.InvolvedObject.Uid);
        Assert.Equal("apps/v1", e.InvolvedObject.ApiVersion);
        Assert.Equal("promoscaler", e.Source.Component);
        Assert.Equal("promoscaler-0", e.ReportingInstance);
        Assert.StartsWith("web.", e.Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ObjectChangedSinceTheRead_IsConflictAndKeepsTheOtherWritersValue()
    {
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);
        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 8);

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        Assert.Equal(TargetOutcome.Conflict, write.Outcome);
        Assert.Contains("read it again and decide again", write.Detail, StringComparison.Ordinal);
        Assert.Equal(8, (int)cluster.Server.Get(BuiltInResources.Deployments, "shop", "web")!["spec"]!["replicas"]!);
        Assert.Single(cluster.Server.Requests.Matching("PATCH", ScalePath));
        Assert.Empty(cluster.Server.List(BuiltInResources.CoreEvents));
    }

    [Fact]
    public async Task Write_AfterAConflict_ReReadsAndWritesFromTheNewValue()
    {
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);
        cluster.Server.Update(BuiltInResources.Deployments, "shop", "web", d => d["spec"]!["replicas"] = 8);
        await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        var reread = await target.ObserveAsync(CancellationToken.None);
        var write = await target.WriteAsync(TargetHarness.Request(9, reread.Observation!.SpecReplicas), CancellationToken.None);

        Assert.Equal(8, reread.Observation.SpecReplicas);
        Assert.Equal(TargetWrite.Done(9), write);
    }

    [Fact]
    public async Task Write_DecisionStartedFromAnotherCount_IsConflictWithoutSendingAWrite()
    {
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(TargetHarness.Request(5, 4), CancellationToken.None);

        Assert.Equal(TargetOutcome.Conflict, write.Outcome);
        Assert.Empty(cluster.Server.Requests.Matching("PATCH", ScalePath));
    }

    [Fact]
    public async Task Write_WithoutAnObserveBefore_ReadsFirst()
    {
        var write = await harness.Deployment().WriteAsync(TargetHarness.Request(4, 3), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(4), write);
        Assert.Equal(["GET", "PATCH"], cluster.Server.Requests.All.Where(r => r.Path.Contains("/deployments/web", StringComparison.Ordinal)).Select(r => r.Method));
    }

    [Fact]
    public async Task Observe_Missing_IsNotFound()
    {
        var read = await harness.Deployment("gone").ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.NotFound, read.Outcome);
        Assert.Equal("deployments shop/gone not found", read.Detail);
    }

    [Fact]
    public async Task Write_Forbidden_NamesTheMissingVerbAndResourceAndIsLogged()
    {
        cluster.Server.Faults.Fail("PATCH", ScalePath, 403);
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        Assert.Equal(TargetOutcome.Forbidden, write.Outcome);
        Assert.Contains("patch deployments/scale in namespace shop", write.Detail, StringComparison.Ordinal);
        Assert.Single(cluster.Server.Requests.Matching("PATCH", ScalePath));
        Assert.Contains(harness.LogLines(), l => l.StartsWith("Warning 5001 ", StringComparison.Ordinal) && l.Contains("Forbidden", StringComparison.Ordinal) && l.Contains("patch deployments/scale in namespace shop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_TransientServerErrors_AreRetriedWithJitterUntilTheWriteSucceeds()
    {
        cluster.Server.Faults.Fail("PATCH", ScalePath, 500, times: 2);
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(5), write);
        Assert.Equal([500, 500, 200], cluster.Server.Requests.Matching("PATCH", ScalePath).Select(r => r.StatusCode));
        Assert.Equal(2, harness.JitterCalls);
    }

    [Fact]
    public async Task Write_PersistentServerError_IsUnavailableAfterEveryRetry()
    {
        cluster.Server.Faults.Fail("PATCH", ScalePath, 503);
        var patient = new TargetHarness(cluster, o => o.CircuitBreaker.MinimumThroughput = 100);
        var target = patient.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        Assert.Equal(TargetOutcome.Unavailable, write.Outcome);
        Assert.Contains("HTTP 503", write.Detail, StringComparison.Ordinal);
        Assert.Contains("4 attempts", write.Detail, StringComparison.Ordinal);
        Assert.Equal(4, cluster.Server.Requests.Matching("PATCH", ScalePath).Count);
    }

    [Fact]
    public async Task Write_ThrottlingStorm_RetriesThenTheBreakerOpensAndNothingMoreIsSent()
    {
        cluster.Server.Faults.Fail("PATCH", ScalePath, 429);
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        var first = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);
        var sent = cluster.Server.Requests.All.Count;
        var second = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        // The read succeeded, then three throttled patches make 3 failures in 4 calls: at the minimum throughput of
        // 4 that reaches the failure ratio of 0.5, so the breaker opens and stops the retries there.
        Assert.Equal(TargetOutcome.Throttled, first.Outcome);
        Assert.EndsWith("(3 attempts); the circuit is now open", first.Detail, StringComparison.Ordinal);
        Assert.Equal(3, cluster.Server.Requests.Matching("PATCH", ScalePath).Count);
        Assert.Equal(TargetOutcome.CircuitOpen, second.Outcome);
        Assert.Equal(sent, cluster.Server.Requests.All.Count);
        Assert.Contains(harness.LogLines(), l => l.StartsWith("Warning 5003 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Breaker_AfterItsBreak_LetsAProbeThroughAndCloses()
    {
        var fast = new TargetHarness(cluster, o => o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500));
        cluster.Server.Faults.Fail("GET", "/apis/apps/v1/namespaces/shop/deployments/web", 500);
        var target = fast.Deployment();
        var failed = await target.ObserveAsync(CancellationToken.None);
        var open = await target.ObserveAsync(CancellationToken.None);
        cluster.Server.Faults.Clear();

        await Task.Delay(TimeSpan.FromMilliseconds(600), TimeProvider.System);
        var probe = await target.ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Unavailable, failed.Outcome);
        Assert.Equal(TargetOutcome.CircuitOpen, open.Outcome);
        Assert.Equal(TargetOutcome.Ok, probe.Outcome);
        Assert.Contains(fast.LogLines(), l => l.StartsWith("Information 5005 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Breaker_IsPerTarget_AnotherTargetIsStillServed()
    {
        cluster.Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "api", 2));
        cluster.Server.Faults.Fail("GET", "/apis/apps/v1/namespaces/shop/deployments/web", 500);
        var web = harness.Deployment("web");
        await web.ObserveAsync(CancellationToken.None);

        var webAgain = await web.ObserveAsync(CancellationToken.None);
        var api = await harness.Deployment("api").ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.CircuitOpen, webAgain.Outcome);
        Assert.Equal(TargetOutcome.Ok, api.Outcome);
    }

    [Fact]
    public async Task Observe_SlowerThanTheAttemptTimeout_IsUnavailableAsATimeout()
    {
        var impatient = new TargetHarness(cluster, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(100);
            o.TotalTimeout = TimeSpan.FromSeconds(2);
            o.Retry.MaxRetries = 1;
        });
        cluster.Server.Faults.Delay("GET", "/apis/apps/v1/namespaces/shop/deployments/web", TimeSpan.FromSeconds(3));

        var read = await impatient.Deployment().ObserveAsync(CancellationToken.None);

        Assert.Equal(TargetOutcome.Unavailable, read.Outcome);
        Assert.Contains("timed out", read.Detail, StringComparison.Ordinal);
        Assert.Contains("2 attempts", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_EventRefused_StillReportsTheWrittenScaleAndLogsTheLostEvent()
    {
        cluster.Server.Faults.Fail("POST", "/api/v1/namespaces/shop/events", 403);
        var target = harness.Deployment();
        await target.ObserveAsync(CancellationToken.None);

        var write = await target.WriteAsync(TargetHarness.Request(5, 3), CancellationToken.None);

        Assert.Equal(TargetWrite.Done(5), write);
        Assert.Empty(cluster.Server.List(BuiltInResources.CoreEvents));
        Assert.Contains(harness.LogLines(), l => l.StartsWith("Warning 5007 ", StringComparison.Ordinal) && l.Contains("create events in namespace shop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatefulSet_ObserveAndWrite_GoThroughItsOwnScaleSubresource()
    {
        cluster.Server.Put(BuiltInResources.StatefulSets, KubernetesObjects.StatefulSet("shop", "db", 2));
        var target = harness.Provider.Create(new TargetRef(TargetKind.StatefulSet, "shop", "db"));

        var read = await target.ObserveAsync(CancellationToken.None);
        var write = await target.WriteAsync(TargetHarness.Request(3, 2), CancellationToken.None);

        Assert.Equal(2, read.Observation!.SpecReplicas);
        Assert.Equal(TargetWrite.Done(3), write);
        Assert.Single(cluster.Server.Requests.Matching("PATCH", "/apis/apps/v1/namespaces/shop/statefulsets/db/scale"));
    }
}
