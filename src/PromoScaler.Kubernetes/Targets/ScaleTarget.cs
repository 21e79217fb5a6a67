using System.Text.Json;
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
/// Any object with a <c>/scale</c> subresource (<c>kind: Scale</c> with apiVersion and resource, e.g. Argo Rollouts),
/// read and written only through that subresource, so a Role needs nothing but <c>get</c> and <c>patch</c> on
/// <c>RESOURCE/scale</c>. The Scale view has no ready count; the observation leaves it unknown.
/// </summary>
internal sealed class ScaleTarget(TargetRef target, IKubernetes client, ApiCaller api, ScaleEventRecorder? events, ILogger logger)
    : KubernetesScaleTarget(target, api, events, logger)
{
    private readonly string group = target.ApiVersion!.Contains('/', StringComparison.Ordinal) ? target.ApiVersion.Split('/')[0] : string.Empty;
    private readonly string version = target.ApiVersion!.Split('/')[^1];

    private string Resource => Target.Resource!;

    /// <summary>Maps a scale write's answer to the count and version stored.</summary>
    internal static ApiResult<(int, string?)> Written(ApiResult<V1Scale> written, int requested) => written.Succeeded
        ? new((written.Value!.Spec?.Replicas ?? requested, written.Value.Metadata?.ResourceVersion), TargetOutcome.Ok, null)
        : new(default, written.Outcome, written.Detail);

    protected override async ValueTask<ApiResult<ObservedState>> ReadAsync(CancellationToken cancellationToken)
    {
        if (group.Length == 0)
        {
            return CoreGroupRefused();
        }

        var operation = new ApiOperation("get", Resource + "/scale", group, Target.Namespace, Target.Name);
        var read = await Api.RunAsync(
            operation,
            async ct => ToScale(await client.CustomObjects.GetNamespacedCustomObjectScaleAsync(group, version, Target.Namespace, Resource, Target.Name, ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return new(null, read.Outcome, read.Detail);
        }

        var scale = read.Value!;
        return new(
            new ObservedState(
                new TargetObservation(scale.Spec?.Replicas ?? 0, scale.Status?.Replicas),
                scale.Metadata?.ResourceVersion,
                new EventSubject(Target.ApiVersion!, null, Target.Namespace, Target.Name, scale.Metadata?.Uid, scale.Metadata?.ResourceVersion)),
            TargetOutcome.Ok,
            null);
    }

    protected override async ValueTask<ApiResult<(int Replicas, string? ResourceVersion)>> WriteReplicasAsync(ObservedState basis, int replicas, CancellationToken cancellationToken)
    {
        var operation = new ApiOperation("patch", Resource + "/scale", group, Target.Namespace, Target.Name);
        var patch = new V1Patch(ConditionalPatch(basis.ResourceVersion, "replicas", replicas), V1Patch.PatchType.MergePatch);
        var written = await Api.RunAsync(
            operation,
            async ct => ToScale(await client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(patch, group, version, Target.Namespace, Resource, Target.Name, cancellationToken: ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        return Written(written, replicas);
    }

    /// <summary>The generic calls answer untyped JSON; the body is an autoscaling/v1 Scale.</summary>
    private static V1Scale ToScale(object body) =>
        KubernetesJson.Deserialize<V1Scale>(body is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(body))
        ?? throw new JsonException("the /scale answer is empty");

    private ApiResult<ObservedState> CoreGroupRefused() => new(
        null,
        TargetOutcome.Rejected,
        $"kind: Scale needs a grouped apiVersion (group/version); '{Target.ApiVersion}' is the core group, which the generic /scale calls cannot reach");
}
