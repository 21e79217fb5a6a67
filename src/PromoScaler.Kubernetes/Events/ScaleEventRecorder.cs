using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PromoScaler.Core.Policies;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Resilience;
using PromoScaler.Kubernetes.Targets;

namespace PromoScaler.Kubernetes.Events;

/// <summary>
/// Records each scale as a core v1 Event on the target, as the HPA controller does (<c>SuccessfulRescale</c>,
/// <c>New size: N; reason: ...</c>), so <c>kubectl describe</c> shows it next to the HPA's own. The Event is named as
/// client-go names them (<c>NAME.&lt;hex nanoseconds&gt;</c>). One attempt, bounded by the per-attempt timeout: a
/// missing Event is logged, never turned into a failed scale, since the scale itself was written.
/// </summary>
internal sealed class ScaleEventRecorder(IKubernetes client, KubernetesOptions options, TimeProvider timeProvider, ILogger logger)
{
    private readonly string instance = options.EventInstance ?? Environment.MachineName;

    public async ValueTask RecordAsync(TargetRef target, EventSubject subject, string message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var nanoseconds = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        var at = now.UtcDateTime;
        var e = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{subject.Name}.{nanoseconds.ToString("x", CultureInfo.InvariantCulture)}",
                NamespaceProperty = subject.Namespace,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = subject.ApiVersion,
                Kind = subject.Kind,
                Name = subject.Name,
                NamespaceProperty = subject.Namespace,
                Uid = subject.Uid,
                ResourceVersion = subject.ResourceVersion,
            },
            Reason = KubernetesConstants.RescaleEventReason,
            Message = message,
            Type = "Normal",
            Count = 1,
            FirstTimestamp = at,
            LastTimestamp = at,
            Source = new V1EventSource { Component = options.EventComponent },
            ReportingComponent = options.EventComponent,
            ReportingInstance = instance,
        };

        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(e, subject.Namespace, cancellationToken: linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A lost Event must not turn a written scale into an error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var operation = new ApiOperation("create", "events", string.Empty, subject.Namespace, e.Metadata.Name);
            Log.EventNotRecorded(logger, target.ToString(), ApiFailures.Classify(ex, operation, 1, options.Timeout).Detail);
        }
    }
}
