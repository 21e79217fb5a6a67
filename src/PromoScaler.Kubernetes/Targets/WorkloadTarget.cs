using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Kubernetes.Events;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>
/// A Deployment or a StatefulSet. Observed by reading the object (<c>get deployments</c>), which carries the ready
/// count the Scale view lacks; written through its <c>scale</c> subresource (<c>patch deployments/scale</c>), so the
/// write can touch nothing but the replica count. Both share the object's resourceVersion.
/// </summary>
internal sealed class WorkloadTarget(TargetRef target, IKubernetes client, ApiCaller api, ScaleEventRecorder? events, ILogger logger)
    : KubernetesScaleTarget(target, api, events, logger)
{
    private readonly bool statefulSet = target.Kind == TargetKind.StatefulSet;

    private string Plural => statefulSet ? "statefulsets" : "deployments";

    protected override async ValueTask<ApiResult<ObservedState>> ReadAsync(CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("get", Plural, "apps", Target.Namespace, Target.Name);
        if (statefulSet)
        {
            var read = await Api.RunAsync(operation, ct => client.AppsV1.ReadNamespacedStatefulSetAsync(Target.Name, Target.Namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return Map(read, s => State(s.Metadata, s.Spec?.Replicas, s.Status?.Replicas, s.Status?.ReadyReplicas, "StatefulSet"));
        }

        var deployment = await Api.RunAsync(operation, ct => client.AppsV1.ReadNamespacedDeploymentAsync(Target.Name, Target.Namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return Map(deployment, d => State(d.Metadata, d.Spec?.Replicas, d.Status?.Replicas, d.Status?.ReadyReplicas, "Deployment"));
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
        return ScaleTarget.Written(written, replicas);
    }

    /// <summary>An absent <c>spec.replicas</c> means 1, the API server's default.</summary>
    private ObservedState State(V1ObjectMeta metadata, int? spec, int? status, int? ready, string kind) => new(
        new TargetObservation(spec ?? 1, status ?? 0, ready ?? 0),
        metadata.ResourceVersion,
        new EventSubject("apps/v1", kind, Target.Namespace, Target.Name, metadata.Uid, metadata.ResourceVersion));

    private static ApiResult<ObservedState> Map<T>(ApiResult<T> read, Func<T, ObservedState> state) =>
        read.Succeeded ? new(state(read.Value!), read.Outcome, null) : new(null, read.Outcome, read.Detail);
}
