using k8s;
using Microsoft.Extensions.Logging.Testing;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.State;
using PromoScaler.Kubernetes.Tests.Infrastructure;
using PromoScaler.Resilience;
using static Microsoft.Extensions.Options.Options;

namespace PromoScaler.Kubernetes.Tests.State;

public sealed class ConfigMapStateStoreTests : IAsyncLifetime
{
    private const string ConfigMapPath = "/api/v1/namespaces/promoscaler/configmaps/promoscaler-state";
    private TestCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task RoundTrip_FirstStartCreatesThenEachWriteReplacesOnTheVersionRead()
    {
        var store = Store();

        var empty = await store.ReadAsync(CancellationToken.None);
        var created = await store.WriteAsync("""{"policies":{}}""", empty.Version, CancellationToken.None);
        var read = await Store().ReadAsync(CancellationToken.None);
        var replaced = await store.WriteAsync("""{"policies":{"checkout":{}}}""", read.Version, CancellationToken.None);
        var reread = await Store().ReadAsync(CancellationToken.None);

        Assert.Equal(StoredState.None, empty);
        Assert.Equal(StateWriteOutcome.Written, created.Outcome);
        Assert.Equal(("""{"policies":{}}""", created.Version), (read.Document, read.Version));
        Assert.Equal(StateWriteOutcome.Written, replaced.Outcome);
        Assert.Equal("""{"policies":{"checkout":{}}}""", reread.Document);
        Assert.Equal(replaced.Version, reread.Version);
        Assert.Equal("promoscaler", (string?)cluster.Server.Get(BuiltInResources.ConfigMaps, "promoscaler", "promoscaler-state")!["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
    }

    [Fact]
    public async Task Write_SomeoneWroteSinceTheRead_IsConflictAndKeepsTheirDocument()
    {
        var store = Store();
        var first = await store.WriteAsync("a", null, CancellationToken.None);
        var other = Store();
        var otherRead = await other.ReadAsync(CancellationToken.None);
        await other.WriteAsync("b", otherRead.Version, CancellationToken.None);

        var stale = await store.WriteAsync("c", first.Version, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Conflict, stale.Outcome);
        Assert.Contains("read it again and merge", stale.Detail, StringComparison.Ordinal);
        Assert.Equal("b", (await Store().ReadAsync(CancellationToken.None)).Document);
    }

    [Fact]
    public async Task Write_ChangedBetweenTheCheckAndTheReplace_IsConflictFromThe409()
    {
        var store = Store();
        var created = await store.WriteAsync("a", null, CancellationToken.None);
        cluster.Server.Update(BuiltInResources.ConfigMaps, "promoscaler", "promoscaler-state", c => c["data"]!["state.json"] = "theirs");

        var stale = await store.WriteAsync("mine", created.Version, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Conflict, stale.Outcome);
        Assert.Equal(409, cluster.Server.Requests.Matching("PUT", ConfigMapPath).Single().StatusCode);
        Assert.Equal("theirs", (await Store().ReadAsync(CancellationToken.None)).Document);
    }

    [Fact]
    public async Task Write_FirstWriteWhenAnotherReplicaCreatedIt_IsConflict()
    {
        await Store().WriteAsync("a", null, CancellationToken.None);

        var second = await Store().WriteAsync("b", null, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Conflict, second.Outcome);
        Assert.Equal("a", (await Store().ReadAsync(CancellationToken.None)).Document);
    }

    [Fact]
    public async Task Write_KeepsTheConfigMapsOtherKeys()
    {
        cluster.Server.Put(BuiltInResources.ConfigMaps, KubernetesObjects.ConfigMap("promoscaler", "promoscaler-state", new Dictionary<string, string> { ["notes"] = "keep me" }));
        var store = Store();
        var read = await store.ReadAsync(CancellationToken.None);

        var write = await store.WriteAsync("doc", read.Version, CancellationToken.None);

        var data = cluster.Server.Get(BuiltInResources.ConfigMaps, "promoscaler", "promoscaler-state")!["data"]!;
        Assert.Null(read.Document);
        Assert.Equal(StateWriteOutcome.Written, write.Outcome);
        Assert.Equal(("keep me", "doc"), ((string?)data["notes"], (string?)data["state.json"]));
    }

    [Fact]
    public async Task Write_DocumentAboveTheConfigMapLimit_FailsClearlyAndSendsNothing()
    {
        var store = Store();
        var document = new string('x', KubernetesConstants.MaxConfigMapDataBytes);

        var write = await store.WriteAsync(document, null, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Failed, write.Outcome);
        Assert.Contains("1048576-byte limit of a ConfigMap", write.Detail, StringComparison.Ordinal);
        Assert.Contains($"{KubernetesConstants.MaxConfigMapDataBytes} bytes", write.Detail, StringComparison.Ordinal);
        Assert.Empty(cluster.Server.Requests.All);
    }

    [Fact]
    public async Task Write_DocumentJustUnderTheLimitWithItsKey_IsStored()
    {
        var document = new string('x', KubernetesConstants.MaxConfigMapDataBytes - "state.json".Length);

        var write = await Store().WriteAsync(document, null, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Written, write.Outcome);
    }

    [Fact]
    public async Task Write_Forbidden_FailsNamingTheMissingPermission()
    {
        var store = Store();
        var created = await store.WriteAsync("a", null, CancellationToken.None);
        cluster.Server.Faults.Fail("PUT", ConfigMapPath, 403);

        var write = await store.WriteAsync("b", created.Version, CancellationToken.None);

        Assert.Equal(StateWriteOutcome.Failed, write.Outcome);
        Assert.Contains("update configmaps in namespace promoscaler", write.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ApiServerFailing_ReportsTheProblemInsteadOfThrowing()
    {
        cluster.Server.Faults.Fail("GET", ConfigMapPath, 500);

        var read = await Store().ReadAsync(CancellationToken.None);

        Assert.Null(read.Document);
        Assert.Contains("HTTP 500", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAside_CopiesEveryKeyToADatedConfigMap_AndRecordsAStateLostWarningEvent()
    {
        var store = Store();
        await store.WriteAsync("{ truncated", null, CancellationToken.None);
        var at = new DateTimeOffset(2026, 11, 25, 12, 30, 5, TimeSpan.Zero);

        var copy = await store.KeepAsideAsync("the state document is not valid JSON", at, CancellationToken.None);

        Assert.Equal("ConfigMap promoscaler/promoscaler-state-corrupt-20261125-123005", copy.Location);
        var kept = cluster.Server.Get(BuiltInResources.ConfigMaps, "promoscaler", "promoscaler-state-corrupt-20261125-123005")!;
        Assert.Equal("{ truncated", (string?)kept["data"]!["state.json"]);
        Assert.Equal("promoscaler-state", (string?)kept["metadata"]!["labels"]!["promoscaler.io/corrupt-copy-of"]);
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("promoscaler");
        var e = Assert.Single(events.Items);
        Assert.Equal((ConfigMapStateStore.StateLostReason, "Warning", "promoscaler-state"), (e.Reason, e.Type, e.InvolvedObject.Name));
        Assert.Contains("promoscaler-state-corrupt-20261125-123005", e.Message, StringComparison.Ordinal);
        Assert.Equal("{ truncated", (await store.ReadAsync(CancellationToken.None)).Document); // the original is untouched
    }

    [Fact]
    public async Task KeepAside_CopyRefused_SaysWhyInsteadOfThrowing()
    {
        var store = Store();
        await store.WriteAsync("{ truncated", null, CancellationToken.None);
        cluster.Server.Faults.Fail("POST", "/api/v1/namespaces/promoscaler/configmaps", 403);

        var copy = await store.KeepAsideAsync("bad", DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Null(copy.Location);
        Assert.Contains("create configmaps", copy.Problem, StringComparison.Ordinal);
    }

    private ConfigMapStateStore Store() => new(
        cluster.Client,
        Create(new ConfigMapStateStoreOptions { Namespace = "promoscaler" }),
        Create(new KubernetesOptions { Retry = new KubernetesRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryAfter = TimeSpan.Zero } }),
        TimeProvider.System,
        JitterSource.Shared,
        new FakeLogger<ConfigMapStateStore>());
}
