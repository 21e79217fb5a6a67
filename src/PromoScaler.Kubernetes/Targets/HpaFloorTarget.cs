using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Events;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>
/// An HPA in floor mode (spec "Target observation"): <c>current</c> is the HPA's <c>spec.minReplicas</c> (1 when
/// unset, the API's default) and the write patches only that field, never above the HPA's <c>spec.maxReplicas</c>
/// (the API server would refuse min above max) nor below 1. The HPA keeps doing the reactive scaling; its own
/// current count is shown as the status count.
/// </summary>
internal sealed class HpaFloorTarget(TargetRef target, IKubernetes client, ApiCaller api, ScaleEventRecorder? events, ILogger logger)
    : KubernetesScaleTarget(target, api, events, logger)
{
    private readonly ILogger logger = logger;

    protected override async ValueTask<ApiResult<ObservedState>> ReadAsync(CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("get", "horizontalpodautoscalers", "autoscaling", Target.Namespace, Target.Name);
        var read = await Api.RunAsync(operation, ct => client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(Target.Name, Target.Namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return new(null, read.Outcome, read.Detail);
        }

        var hpa = read.Value!;
        var observation = new TargetObservation(
            hpa.Spec.MinReplicas ?? 1,
            hpa.Status?.CurrentReplicas,
            ReadyReplicas: null,
            HpaMaxReplicas: hpa.Spec.MaxReplicas);
        var subject = new EventSubject("autoscaling/v2", "HorizontalPodAutoscaler", Target.Namespace, Target.Name, hpa.Metadata.Uid, hpa.Metadata.ResourceVersion);
        return new(new ObservedState(observation, hpa.Metadata.ResourceVersion, subject), TargetOutcome.Ok, null);
    }

    protected override (int Replicas, string? ClipDetail) Bound(int requested, ObservedState basis)
    {
        var max = basis.Observation.HpaMaxReplicas ?? int.MaxValue;
        if (requested > max)
        {
            Log.HpaFloorClamped(logger, Target.ToString(), requested, max);
            return (max, $"{ReasonCode.HpaMaxBelowFloor.ToCode()}: floor {requested} is above the HPA's maxReplicas {max}; minReplicas set to {max}");
        }

        return requested < 1
            ? (1, $"floor {requested} is below 1, the smallest minReplicas an HPA accepts; minReplicas set to 1")
            : (requested, null);
    }

    protected override async ValueTask<ApiResult<(int Replicas, string? ResourceVersion)>> WriteReplicasAsync(ObservedState basis, int replicas, CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("patch", "horizontalpodautoscalers", "autoscaling", Target.Namespace, Target.Name);
        var patch = new V1Patch(ConditionalPatch(basis.ResourceVersion, "minReplicas", replicas), V1Patch.PatchType.MergePatch);
        var written = await Api.RunAsync(operation, ct => client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(patch, Target.Name, Target.Namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return written.Succeeded
            ? new((written.Value!.Spec.MinReplicas ?? replicas, written.Value.Metadata.ResourceVersion), TargetOutcome.Ok, null)
            : new(default, written.Outcome, written.Detail);
    }

    protected override string EventMessage(int replicas, ScaleRequest request) =>
        $"New minReplicas: {replicas}; reason: {request.Reason.ToCode()}: {request.Summary}";

    protected override IReadOnlyDictionary<string, string>? Facts(ObservedState state) => new Dictionary<string, string>
    {
        ["hpaMinReplicas"] = state.Spec.ToString(CultureInfo.InvariantCulture),
        ["hpaMaxReplicas"] = (state.Observation.HpaMaxReplicas ?? 0).ToString(CultureInfo.InvariantCulture),
    };
}
