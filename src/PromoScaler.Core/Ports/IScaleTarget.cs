using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Ports;

/// <summary>
/// One workload PromoScaler scales (a Deployment, any <c>/scale</c> subresource, an HPA floor, a cloud VM group).
/// Adapters never throw for an answer the target gave: every outcome is typed, so one failing target never stops
/// the others and the daemon can explain, count and retry it.
/// </summary>
public interface IScaleTarget
{
    /// <summary>The policy's <c>spec.target</c> this adapter serves.</summary>
    TargetRef Target { get; }

    /// <summary>Reads what the target reports now (<c>current</c> = its spec count, as in HPA).</summary>
    ValueTask<TargetRead> ObserveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the target to run <see cref="ScaleRequest.Replicas"/>. Called only for a decision whose action is
    /// <see cref="DecisionAction.Scale"/>; the adapter records the write where the platform has a place for it
    /// (a Kubernetes Event carrying the reason and the summary).
    /// </summary>
    ValueTask<TargetWrite> WriteAsync(ScaleRequest request, CancellationToken cancellationToken);
}

/// <summary>Builds the adapter for the target kinds it knows; the daemon asks each registered provider in turn.</summary>
public interface IScaleTargetProvider
{
    /// <summary>True when this provider serves <paramref name="target"/>'s kind.</summary>
    bool Serves(TargetRef target);

    /// <summary>The adapter for <paramref name="target"/> (only called when <see cref="Serves"/> is true).</summary>
    IScaleTarget Create(TargetRef target);
}

/// <summary>How a call to a target ended.</summary>
public enum TargetOutcome
{
    /// <summary>Done as asked.</summary>
    Ok,
    /// <summary>Optimistic concurrency lost (HTTP 409): re-read and decide again.</summary>
    Conflict,
    /// <summary>The platform asked us to slow down (HTTP 429, a cloud throttling code); retried with backoff.</summary>
    Throttled,
    /// <summary>Transient failure: 5xx, timeout, connection refused; retried with backoff.</summary>
    Unavailable,
    /// <summary>The circuit breaker for this target is open; nothing was sent.</summary>
    CircuitOpen,
    /// <summary>The target does not exist (HTTP 404, a cloud not-found code).</summary>
    NotFound,
    /// <summary>Not allowed (HTTP 401/403, a cloud auth failure); the detail names the missing permission.</summary>
    Forbidden,
    /// <summary>The request was refused as invalid (HTTP 400/422, a validation error); the detail has the message.</summary>
    Rejected,
    /// <summary>Accepted, but the platform bounded the count (a VM group's MinSize/MaxSize); see <see cref="TargetWrite.Written"/>.</summary>
    Clipped,
    /// <summary>The target exists but cannot act now (a disabled or abnormal group, an activity in progress).</summary>
    Degraded,
}

/// <summary>The result of observing a target.</summary>
/// <param name="Outcome">How the read ended.</param>
/// <param name="Observation">What the target reports; set when <paramref name="Outcome"/> is <see cref="TargetOutcome.Ok"/> or <see cref="TargetOutcome.Degraded"/>.</param>
/// <param name="Detail">A short human message (never a secret): what failed, or the platform's own status words.</param>
/// <param name="Facts">Platform facts shown in the explanation (e.g. a VM group's MinSize, MaxSize, status).</param>
public sealed record TargetRead(
    TargetOutcome Outcome,
    TargetObservation? Observation,
    string? Detail = null,
    IReadOnlyDictionary<string, string>? Facts = null)
{
    /// <summary>
    /// Where the observation came from when the adapter can say (Kubernetes: <c>watchCache</c>, or why it read the
    /// object directly: <c>get</c>, <c>cacheStale</c>, <c>cacheDown</c>, <c>cacheBehind</c>, <c>notCached</c>, <c>conflict</c>); null otherwise.
    /// </summary>
    public string? ObservedFrom { get; init; }

    /// <summary>How long ago the cache the observation came from was last confirmed current; null when not from a cache.</summary>
    public TimeSpan? CacheAge { get; init; }

    /// <summary>A successful read.</summary>
    public static TargetRead Of(TargetObservation observation, IReadOnlyDictionary<string, string>? facts = null) =>
        new(TargetOutcome.Ok, observation, null, facts);

    /// <summary>A failed read.</summary>
    public static TargetRead Failed(TargetOutcome outcome, string detail) => new(outcome, null, detail);
}

/// <summary>A write the engine decided.</summary>
/// <param name="Replicas">The desired count (for an HPA target: its new <c>spec.minReplicas</c>).</param>
/// <param name="Current">The spec count the decision started from.</param>
/// <param name="Reason">The decision's reason code.</param>
/// <param name="Summary">A one-line explanation, as the HPA controller writes in its events.</param>
public sealed record ScaleRequest(int Replicas, int Current, ReasonCode Reason, string Summary);

/// <summary>The result of a write.</summary>
/// <param name="Outcome">How the write ended.</param>
/// <param name="Written">The count the target now has as its spec (may differ from the request when clipped).</param>
/// <param name="Detail">A short human message (never a secret).</param>
public sealed record TargetWrite(TargetOutcome Outcome, int? Written, string? Detail = null)
{
    /// <summary>A successful write of <paramref name="replicas"/>.</summary>
    public static TargetWrite Done(int replicas) => new(TargetOutcome.Ok, replicas);

    /// <summary>A failed write.</summary>
    public static TargetWrite Failed(TargetOutcome outcome, string detail) => new(outcome, null, detail);
}
