using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>A Kubernetes target while there is no connection: every call is <see cref="TargetOutcome.Unavailable"/> with the reason.</summary>
internal sealed class DisconnectedTarget(TargetRef target, string reason) : IScaleTarget
{
    private readonly string _detail =
        (reason.StartsWith("no Kubernetes connection", StringComparison.Ordinal) ? reason : "no Kubernetes connection: " + reason)
        + " (fix the kubeconfig, then restart)";

    public TargetRef Target => target;

    public ValueTask<TargetRead> ObserveAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(TargetRead.Failed(TargetOutcome.Unavailable, _detail));

    public ValueTask<TargetWrite> WriteAsync(ScaleRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TargetWrite.Failed(TargetOutcome.Unavailable, _detail));
}
