using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.Logging;
using PromoScaler.Kubernetes.Configuration;

namespace PromoScaler.Kubernetes.Targets.Watching;

/// <summary>
/// The watch cache of Deployment and StatefulSet targets: one <see cref="WorkloadReflector"/> per kind and namespace,
/// started when the first target there is observed, running until disposal. It only reads; writes never go through it.
/// </summary>
internal sealed class WorkloadCache(IKubernetes client, TargetCacheOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<(bool StatefulSet, string Namespace), Lazy<WorkloadReflector>> reflectors = new();
    private readonly CancellationTokenSource stop = new();

    /// <summary>The oldest the cache may be.</summary>
    public TimeSpan MaxAge => options.MaxAge;

    /// <summary>
    /// The cached object, or why a GET is needed; <paramref name="atLeast"/> is the newest version the target saw
    /// itself (its GET, its write), which the cache must have reached, so an observation never goes back in time.
    /// </summary>
    public CacheLookup Lookup(bool statefulSet, string ns, string name, string? atLeast) =>
        reflectors.GetOrAdd((statefulSet, ns), key => new Lazy<WorkloadReflector>(() => Start(key.StatefulSet, key.Namespace))).Value
            .Lookup(name, atLeast, options.MaxAge);

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private WorkloadReflector Start(bool statefulSet, string ns)
    {
        var reflector = new WorkloadReflector(client, statefulSet, ns, options.MaxAge / 3, time, logger);
        _ = Task.Run(() => reflector.RunAsync(stop.Token));
        return reflector;
    }
}
