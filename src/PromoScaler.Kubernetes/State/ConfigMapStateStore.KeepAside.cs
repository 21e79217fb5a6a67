using System.Globalization;
using k8s;
using k8s.Models;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.State;

/// <summary>
/// Keeping an unreadable document aside: a copy ConfigMap <c>NAME-corrupt-YYYYMMDD-HHMMSS</c> beside the state
/// ConfigMap, with every key as it was, and a <c>Warning</c> Event <c>StateLost</c> on the state ConfigMap naming the
/// copy, so <c>kubectl describe configmap</c> and <c>kubectl get events</c> show what was lost and where it is. Needs
/// only <c>create</c> on configmaps and events, which the store already uses.
/// </summary>
public sealed partial class ConfigMapStateStore
{
    /// <summary>The Event reason on the state ConfigMap when its document could not be read fully.</summary>
    public const string StateLostReason = "StateLost";

    public async ValueTask<StateCopy> KeepAsideAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var read = await GetAsync(cancellationToken).ConfigureAwait(false);
        if (!read.Succeeded)
        {
            return StateCopy.Failed($"ConfigMap {Described} could not be read to keep a copy: {read.Detail}");
        }

        var original = read.Value!;
        var name = CopyName(at);
        var copy = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "promoscaler", ["promoscaler.io/corrupt-copy-of"] = options.Name },
                Annotations = new Dictionary<string, string> { ["promoscaler.io/reason"] = Clip(reason, 1000) },
            },
            Data = original.Data is null ? null : new Dictionary<string, string>(original.Data),
            BinaryData = original.BinaryData is null ? null : new Dictionary<string, byte[]>(original.BinaryData),
        };
        var created = await api.RunAsync(
            new ApiOperation("create", "configmaps", string.Empty, ns, name),
            ct => client.CoreV1.CreateNamespacedConfigMapAsync(copy, ns, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return StateCopy.Failed($"ConfigMap {Described} could not be copied to {ns}/{name}: {created.Detail}");
        }

        Log.StateKeptAside(logger, Described, $"{ns}/{name}");
        await RecordLostAsync(original, $"The state document could not be read fully ({Clip(reason, 600)}); the daemon started without what it could not read. The document as it was is kept in ConfigMap {name}.", at, cancellationToken).ConfigureAwait(false);
        return StateCopy.At($"ConfigMap {ns}/{name}");
    }

    // Lower case and digits only: a ConfigMap name is a DNS subdomain.
    private string CopyName(DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyyMMdd'-'HHmmss", CultureInfo.InvariantCulture);
        var prefix = options.Name.Length > 200 ? options.Name[..200] : options.Name;
        return $"{prefix}-corrupt-{stamp}";
    }

    private async Task RecordLostAsync(V1ConfigMap subject, string message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var nanoseconds = (at - DateTimeOffset.UnixEpoch).Ticks * 100;
        var e = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{options.Name}.{nanoseconds.ToString("x", CultureInfo.InvariantCulture)}", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Name = options.Name,
                NamespaceProperty = ns,
                Uid = subject.Metadata.Uid,
                ResourceVersion = subject.Metadata.ResourceVersion,
            },
            Reason = StateLostReason,
            Message = message,
            Type = "Warning",
            Count = 1,
            FirstTimestamp = at.UtcDateTime,
            LastTimestamp = at.UtcDateTime,
            Source = new V1EventSource { Component = kubernetes.EventComponent },
            ReportingComponent = kubernetes.EventComponent,
            ReportingInstance = kubernetes.EventInstance ?? Environment.MachineName,
        };
        var recorded = await api.RunAsync(
            new ApiOperation("create", "events", string.Empty, ns, e.Metadata.Name),
            ct => client.CoreV1.CreateNamespacedEventAsync(e, ns, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        if (!recorded.Succeeded)
        {
            // The copy exists and the daemon reports it in status and /readyz; a missing Event loses nothing.
            Log.StateEventNotRecorded(logger, Described, recorded.Detail ?? string.Empty);
        }
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length] + "...";
}
