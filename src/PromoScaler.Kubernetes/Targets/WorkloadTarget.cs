using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Events;
using PromoScaler.Kubernetes.Resilience;
using PromoScaler.Kubernetes.Targets.Watching;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>
/// A Deployment or a StatefulSet. Observed by reading the object (<c>get deployments</c>), which carries the ready
/// count the Scale view lacks, or, with the watch cache on, from the cache while it is current (see
/// <see cref="WorkloadCache"/>); written through its <c>scale</c> subresource (<c>patch deployments/scale</c>), so the
/// write can touch nothing but the replica count. Both share the object's resourceVersion, so a write is conditional
/// on the version observed wherever it came from. The cache is used only once it has reached the newest version this
/// target saw itself (its last GET or write), and a conflict's re-read is always a GET.
/// </summary>
internal sealed class WorkloadTarget(TargetRef target, IKubernetes client, ApiCaller api, ScaleEventRecorder? events, ILogger logger, WorkloadCache? cache = null)
    : KubernetesScaleTarget(target, api, events, logger)
{
    private readonly bool statefulSet = target.Kind == TargetKind.StatefulSet;
    private string? known;
    private bool mustGet;

    private string Plural => statefulSet ? "statefulsets" : "deployments";

    private string Kind => statefulSet ? "StatefulSet" : "Deployment";

    protected override async ValueTask<ApiResult<ObservedState>> ReadAsync(CancellationToken cancellationToken)
    {
        string? from = null;
        TimeSpan? age = null;
        if (cache is not null)
        {
            var lookup = mustGet ? new CacheLookup(null, "conflict", null) : cache.Lookup(statefulSet, Target.Namespace, Target.Name, known);
            mustGet = false;
            if (lookup.Hit is { } hit)
            {
                known = hit.ResourceVersion;
                return new(State(hit.ResourceVersion, hit.Uid, hit.Spec, hit.Status, hit.Ready) with { From = "watchCache", CacheAge = lookup.Age }, TargetOutcome.Ok, null);
            }

            (from, age) = (lookup.Miss, lookup.Age);
        }

        var read = await GetAsync(cancellationToken).ConfigureAwait(false);
        if (read.Succeeded)
        {
            known = read.Value!.ResourceVersion;
        }

        return cache is null || !read.Succeeded ? read : new(read.Value! with { From = from, CacheAge = age }, read.Outcome, null);
    }

    protected override void OnConflict() => mustGet = true;

    protected override IReadOnlyDictionary<string, string>? Facts(ObservedState state) => state.From switch
    {
        null => null,
        "watchCache" => new Dictionary<string, string> { ["observedFrom"] = $"watch cache, confirmed {Seconds(state.CacheAge)} ago" },
        var reason => new Dictionary<string, string>
        {
            ["observedFrom"] = state.CacheAge is { } a ? $"GET ({reason}: the watch cache was confirmed {Seconds(a)} ago, at most {Seconds(cache!.MaxAge)})" : $"GET ({reason})",
        },
    };

    private static string Seconds(TimeSpan? t) => (t ?? TimeSpan.Zero).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private async ValueTask<ApiResult<ObservedState>> GetAsync(CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("get", Plural, "apps", Target.Namespace, Target.Name);
        if (statefulSet)
        {
            var read = await Api.RunAsync(operation, ct => client.AppsV1.ReadNamespacedStatefulSetAsync(Target.Name, Target.Namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return Map(read, s => State(s.Metadata.ResourceVersion, s.Metadata.Uid, s.Spec?.Replicas, s.Status?.Replicas, s.Status?.ReadyReplicas));
        }

        var deployment = await Api.RunAsync(operation, ct => client.AppsV1.ReadNamespacedDeploymentAsync(Target.Name, Target.Namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return Map(deployment, d => State(d.Metadata.ResourceVersion, d.Metadata.Uid, d.Spec?.Replicas, d.Status?.Replicas, d.Status?.ReadyReplicas));
    }

    protected override async ValueTask<ApiResult<(int Replicas, string? ResourceVersion)>> WriteReplicasAsync(ObservedState basis, int replicas, CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("patch", Plural + "/scale", "apps", Target.Namespace, Target.Name);
        var patch = new V1Patch(ConditionalPatch(basis.ResourceVersion, "replicas", replicas), V1Patch.PatchType.MergePatch);
        var written = await Api.RunAsync(
            operation,
            ct => statefulSet
                ? client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, Target.Name, Target.Namespace, cancellationToken: ct)
                : client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, Target.Name, Target.Namespace, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        if (written.Succeeded)
        {
            known = written.Value!.Metadata?.ResourceVersion ?? known;
        }

        return ScaleTarget.Written(written, replicas);
    }

    /// <summary>An absent <c>spec.replicas</c> means 1, the API server's default.</summary>
    private ObservedState State(string? version, string? uid, int? spec, int? status, int? ready) => new(
        new TargetObservation(spec ?? 1, status ?? 0, ready ?? 0),
        version,
        new EventSubject("apps/v1", Kind, Target.Namespace, Target.Name, uid, version));

    private static ApiResult<ObservedState> Map<T>(ApiResult<T> read, Func<T, ObservedState> state) =>
        read.Succeeded ? new(state(read.Value!), read.Outcome, null) : new(null, read.Outcome, read.Detail);
}
