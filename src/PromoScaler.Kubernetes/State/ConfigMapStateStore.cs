using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.State;

/// <summary>
/// The state document in one data key of a ConfigMap, with optimistic concurrency on its resourceVersion: the first
/// write creates the ConfigMap (409 if another replica did first), every later one replaces it conditionally on the
/// version read (409 if anyone wrote since); both end as <see cref="StateWriteOutcome.Conflict"/>, so the caller
/// reads again and merges. Other keys, labels and annotations of the ConfigMap are kept. Only <c>get</c>,
/// <c>create</c> and <c>update</c> on configmaps are needed. A document too large for a ConfigMap fails before
/// anything is sent.
/// </summary>
public sealed partial class ConfigMapStateStore : IStateStore
{
    private readonly IKubernetes client;
    private readonly ConfigMapStateStoreOptions options;
    private readonly ILogger logger;
    private readonly ApiCaller api;
    private readonly string ns;
    private readonly KubernetesOptions kubernetes;
    private V1ConfigMap? lastRead;

    /// <summary>Creates the store.</summary>
    public ConfigMapStateStore(
        IKubernetes client,
        IOptions<ConfigMapStateStoreOptions> options,
        IOptions<KubernetesOptions> kubernetesOptions,
        TimeProvider timeProvider,
        JitterSource jitter,
        ILogger<ConfigMapStateStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kubernetesOptions);
        this.client = client;
        this.options = options.Value;
        this.logger = logger;
        ns = this.options.Namespace ?? throw new ArgumentException("ConfigMapStateStoreOptions.Namespace is required", nameof(options));
        var name = $"ConfigMap {ns}/{this.options.Name}";
        kubernetes = kubernetesOptions.Value;
        api = new ApiCaller(name, KubernetesPipelineFactory.Build(name, kubernetes, timeProvider, jitter, logger), kubernetes.Timeout, logger);
    }

    private string Described => $"{ns}/{options.Name}";

    public async ValueTask<StoredState> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await GetAsync(cancellationToken).ConfigureAwait(false);
        switch (read.Outcome)
        {
            case TargetOutcome.Ok:
                lastRead = read.Value;
                var data = read.Value!.Data;
                return new StoredState(data is not null && data.TryGetValue(options.DataKey, out var document) ? document : null, read.Value.Metadata.ResourceVersion);
            case TargetOutcome.NotFound:
                lastRead = null;
                return StoredState.None;
            default:
                lastRead = null;
                Log.StateReadFailed(logger, Described, read.Detail!);
                return new StoredState(null, null, read.Detail);
        }
    }

    public async ValueTask<StateWrite> WriteAsync(string document, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (expectedVersion is null)
        {
            var configMap = new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = options.Name, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "promoscaler" } },
                Data = new Dictionary<string, string>(),
            };
            return await StoreAsync("create", configMap, document, ct => client.CoreV1.CreateNamespacedConfigMapAsync(configMap, ns, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        }

        var basis = lastRead?.Metadata.ResourceVersion == expectedVersion ? lastRead : null;
        if (basis is null)
        {
            var read = await GetAsync(cancellationToken).ConfigureAwait(false);
            if (read.Outcome == TargetOutcome.NotFound || (read.Succeeded && read.Value!.Metadata.ResourceVersion != expectedVersion))
            {
                return Done(new StateWrite(StateWriteOutcome.Conflict, null, $"ConfigMap {Described} changed since version {expectedVersion} was read: read it again and merge"));
            }

            if (!read.Succeeded)
            {
                return Done(new StateWrite(StateWriteOutcome.Failed, null, read.Detail));
            }

            basis = read.Value!;
        }

        var next = KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(basis));
        next.Data ??= new Dictionary<string, string>();
        next.Metadata.ResourceVersion = expectedVersion;
        return await StoreAsync("update", next, document, ct => client.CoreV1.ReplaceNamespacedConfigMapAsync(next, options.Name, ns, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<StateWrite> StoreAsync(string verb, V1ConfigMap configMap, string document, Func<CancellationToken, Task<V1ConfigMap>> call, CancellationToken cancellationToken)
    {
        configMap.Data[options.DataKey] = document;
        var size = DataSize(configMap);
        if (size > KubernetesConstants.MaxConfigMapDataBytes)
        {
            return Done(new StateWrite(
                StateWriteOutcome.Failed,
                null,
                $"the state document is {Encoding.UTF8.GetByteCount(document)} bytes; with the ConfigMap's keys that makes {size} bytes of data, above the {KubernetesConstants.MaxConfigMapDataBytes}-byte limit of a ConfigMap; nothing was written"));
        }

        var written = await api.RunAsync(new ApiOperation(verb, "configmaps", string.Empty, ns, options.Name), call, cancellationToken).ConfigureAwait(false);
        if (written.Succeeded)
        {
            lastRead = written.Value;
            return new StateWrite(StateWriteOutcome.Written, written.Value!.Metadata.ResourceVersion);
        }

        lastRead = null;
        return Done(written.Outcome == TargetOutcome.Conflict
            ? new StateWrite(StateWriteOutcome.Conflict, null, $"ConfigMap {Described} was written by someone else (HTTP 409): read it again and merge")
            : new StateWrite(StateWriteOutcome.Failed, null, written.Detail));
    }

    private ValueTask<ApiResult<V1ConfigMap>> GetAsync(CancellationToken cancellationToken) => api.RunAsync(
        new ApiOperation("get", "configmaps", string.Empty, ns, options.Name),
        ct => client.CoreV1.ReadNamespacedConfigMapAsync(options.Name, ns, cancellationToken: ct),
        cancellationToken);

    /// <summary>The API server's measure: keys and values of <c>data</c> and <c>binaryData</c>.</summary>
    private static long DataSize(V1ConfigMap configMap) =>
        (configMap.Data?.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value ?? string.Empty)) ?? 0)
        + (configMap.BinaryData?.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Key) + (e.Value?.Length ?? 0)) ?? 0);

    private StateWrite Done(StateWrite write)
    {
        Log.StateWriteNotDone(logger, Described, write.Outcome, write.Detail ?? string.Empty);
        return write;
    }
}
