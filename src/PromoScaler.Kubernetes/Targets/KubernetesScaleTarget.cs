using Microsoft.Extensions.Logging;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Events;
using PromoScaler.Kubernetes.Resilience;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>
/// What every Kubernetes target does the same way. A write is conditional on the resourceVersion of the last read
/// (the HPA controller's read-then-update): if the object changed in between, the API server answers 409 and the
/// outcome is <see cref="TargetOutcome.Conflict"/>, so the caller re-reads and decides again instead of overwriting
/// someone else's change. A write with no read before it reads first. A successful write is recorded as an Event.
/// </summary>
internal abstract class KubernetesScaleTarget(TargetRef target, ApiCaller api, ScaleEventRecorder? events, ILogger logger) : IScaleTarget
{
    private ObservedState? last;

    public TargetRef Target { get; } = target;

    protected ApiCaller Api { get; } = api;

    public async ValueTask<TargetRead> ObserveAsync(CancellationToken cancellationToken)
    {
        var read = await ReadAsync(cancellationToken).ConfigureAwait(false);
        last = read.Value;
        return read.Succeeded
            ? TargetRead.Of(read.Value!.Observation, Facts(read.Value)) with { ObservedFrom = read.Value.From, CacheAge = read.Value.CacheAge }
            : TargetRead.Failed(read.Outcome, read.Detail!);
    }

    public async ValueTask<TargetWrite> WriteAsync(ScaleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var basis = last;
        if (basis is null)
        {
            var read = await ObserveAsync(cancellationToken).ConfigureAwait(false);
            if (read.Outcome != TargetOutcome.Ok)
            {
                return TargetWrite.Failed(read.Outcome, read.Detail!);
            }

            basis = last!;
        }

        if (basis.Spec != request.Current)
        {
            last = null;
            OnConflict();
            return TargetWrite.Failed(TargetOutcome.Conflict, $"{Target} is at {basis.Spec}, not at {request.Current} where the decision started: read it again and decide again");
        }

        var (replicas, clipped) = Bound(request.Replicas, basis);
        if (replicas == basis.Spec)
        {
            return clipped is null ? TargetWrite.Done(replicas) : new TargetWrite(TargetOutcome.Clipped, replicas, clipped);
        }

        var written = await WriteReplicasAsync(basis, replicas, cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            last = null;
            if (written.Outcome == TargetOutcome.Conflict)
            {
                OnConflict();
            }

            return TargetWrite.Failed(written.Outcome, written.Detail!);
        }

        var (count, version) = written.Value;
        last = basis with { Observation = Observed(basis.Observation, count), ResourceVersion = version };
        Log.Scaled(logger, Target.ToString(), basis.Spec, count, request.Reason.ToCode());
        if (events is not null)
        {
            await events.RecordAsync(Target, basis.Subject with { ResourceVersion = version }, EventMessage(count, request), cancellationToken).ConfigureAwait(false);
        }

        return clipped is null ? TargetWrite.Done(count) : new TargetWrite(TargetOutcome.Clipped, count, clipped);
    }

    /// <summary>Reads the target.</summary>
    protected abstract ValueTask<ApiResult<ObservedState>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="replicas"/>, conditional on <paramref name="basis"/>'s version; returns the count and version stored.</summary>
    protected abstract ValueTask<ApiResult<(int Replicas, string? ResourceVersion)>> WriteReplicasAsync(ObservedState basis, int replicas, CancellationToken cancellationToken);

    /// <summary>The count to write for <paramref name="requested"/>, and why it differs when the target bounds it.</summary>
    protected virtual (int Replicas, string? ClipDetail) Bound(int requested, ObservedState basis) => (requested, null);

    /// <summary>The observation after a write of <paramref name="replicas"/>.</summary>
    protected virtual TargetObservation Observed(TargetObservation before, int replicas) => before with { SpecReplicas = replicas };

    /// <summary>The Event's message, worded as the HPA controller's <c>New size: N; reason: ...</c>.</summary>
    protected virtual string EventMessage(int replicas, ScaleRequest request) =>
        $"New size: {replicas}; reason: {request.Reason.ToCode()}: {request.Summary}";

    /// <summary>The write met a conflict: the next read must see the object as the API server has it now.</summary>
    protected virtual void OnConflict()
    {
    }

    /// <summary>Platform facts for the explanation.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Facts(ObservedState state) => null;

    /// <summary>The merge patch of a conditional write: the version to match and the new values.</summary>
    protected static string ConditionalPatch(string? resourceVersion, string specField, int value) =>
        resourceVersion is null
            ? $$$"""{"spec":{"{{{specField}}}":{{{value}}}}}"""
            : $$$"""{"metadata":{"resourceVersion":"{{{resourceVersion}}}"},"spec":{"{{{specField}}}":{{{value}}}}}""";
}
