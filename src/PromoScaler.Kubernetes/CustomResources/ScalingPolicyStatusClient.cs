using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.CustomResources;

/// <summary>
/// Writes a ScalingPolicy's status (a merge patch on the <c>status</c> subresource, so spec and generation never move)
/// and records Events on the object. One attempt each within <paramref name="timeout"/>: a refusal (403, 409, 429,
/// 5xx) comes back as its one-line detail for the caller to log and retry at its next round; nothing throws, so a
/// status write never blocks a scale.
/// </summary>
public sealed class ScalingPolicyStatusClient(IKubernetes client, TimeProvider time, TimeSpan timeout, string component = "promoscaler")
{
    /// <summary>Merge-patches <paramref name="status"/> (a null member removes it); returns null when written, else why not.</summary>
    public Task<string?> PatchStatusAsync(PolicyObject o, JsonObject status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(o);
        var patch = new V1Patch(new JsonObject { ["status"] = status.DeepClone() }.ToJsonString(), V1Patch.PatchType.MergePatch);
        return TryAsync(
            new ApiOperation("patch", "scalingpolicies/status", ScalingPolicyDefinition.Group, o.Namespace, o.Name),
            token => client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, ScalingPolicyDefinition.Group, ScalingPolicyDefinition.Version, o.Namespace, ScalingPolicyDefinition.Plural, o.Name, cancellationToken: token),
            cancellationToken);
    }

    /// <summary>Records a core v1 Event on the object (<c>kubectl describe sp</c> shows it); returns null when recorded, else why not.</summary>
    public Task<string?> RecordEventAsync(PolicyObject o, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(o);
        var now = time.GetUtcNow();
        var nanoseconds = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        var e = new Corev1Event
        {
            // "sp" keeps it apart from the target's own Event at the same instant when the target has the policy's name.
            Metadata = new V1ObjectMeta { Name = $"{o.Name}.sp{nanoseconds.ToString("x", CultureInfo.InvariantCulture)}", NamespaceProperty = o.Namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = $"{ScalingPolicyDefinition.Group}/{ScalingPolicyDefinition.Version}",
                Kind = ScalingPolicyDefinition.Kind,
                Name = o.Name,
                NamespaceProperty = o.Namespace,
                Uid = o.Uid,
                ResourceVersion = o.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Count = 1,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
        };
        return TryAsync(
            new ApiOperation("create", "events", string.Empty, o.Namespace, e.Metadata.Name),
            token => client.CoreV1.CreateNamespacedEventAsync(e, o.Namespace, cancellationToken: token),
            cancellationToken);
    }

    private async Task<string?> TryAsync<T>(ApiOperation operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await call(linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every refusal becomes a line for the caller's log; none may stop the daemon.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ApiFailures.Classify(ex, operation, 1, timeout).Detail;
        }
    }
}
