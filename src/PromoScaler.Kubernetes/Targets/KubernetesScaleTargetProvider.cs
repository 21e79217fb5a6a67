using PromoScaler.Kubernetes.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Events;
using PromoScaler.Kubernetes.Resilience;
using PromoScaler.Kubernetes.Targets.Watching;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>
/// Builds the adapter of a Deployment, StatefulSet, <c>/scale</c> subresource or HPA floor. Each target gets its own
/// resilience pipeline, so one failing target's breaker never stops writes to the others. With
/// <c>Kubernetes:TargetCache:Enabled</c>, Deployments and StatefulSets are observed from one shared watch cache.
/// </summary>
public sealed class KubernetesScaleTargetProvider : IScaleTargetProvider, IDisposable
{
    private readonly KubernetesClientAccessor client;
    private readonly KubernetesOptions options;
    private readonly TimeProvider timeProvider;
    private readonly JitterSource jitter;
    private readonly ILogger logger;
    private ScaleEventRecorder? events;
    private WorkloadCache? cache;

    /// <summary>Creates the provider; the client is resolved when the first target is created.</summary>
    public KubernetesScaleTargetProvider(KubernetesClientAccessor client, IOptions<KubernetesOptions> options, TimeProvider timeProvider, JitterSource jitter, ILogger<KubernetesScaleTargetProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.jitter = jitter;
        this.logger = logger;
    }

    /// <summary>Stops the watch cache's list and watch loops.</summary>
    public void Dispose() => cache?.Dispose();

    /// <inheritdoc/>
    public bool Serves(TargetRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Kind == TargetKind.Deployment || target.Kind == TargetKind.StatefulSet || target.Kind == TargetKind.HorizontalPodAutoscaler
            || (target.Kind == TargetKind.Scale && target.ApiVersion is not null && target.Resource is not null);
    }

    public IScaleTarget Create(TargetRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Serves(target))
        {
            throw new ArgumentException($"{target} is not a Kubernetes target", nameof(target));
        }

        if (client.TryGet(out var error) is not { } kubernetes)
        {
            return new DisconnectedTarget(target, error ?? "the client could not be built");
        }

        if (options.RecordEvents)
        {
            events ??= new ScaleEventRecorder(kubernetes, options, timeProvider, logger);
        }

        var name = target.ToString();
        var api = new ApiCaller(name, KubernetesPipelineFactory.Build(name, options, timeProvider, jitter, logger), options.Timeout, logger);
        if (target.Kind == TargetKind.Deployment || target.Kind == TargetKind.StatefulSet)
        {
            if (options.TargetCache.Enabled)
            {
                // A spare built by a concurrent call never starts a loop: reflectors start on the first lookup.
                LazyInitializer.EnsureInitialized(ref cache, () => new WorkloadCache(kubernetes, options.TargetCache, timeProvider, logger));
            }

            return new WorkloadTarget(target, kubernetes, api, events, logger, cache);
        }

        return target.Kind == TargetKind.HorizontalPodAutoscaler
            ? new HpaFloorTarget(target, kubernetes, api, events, logger)
            : new ScaleTarget(target, kubernetes, api, events, logger);
    }
}
