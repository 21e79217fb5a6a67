using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>
/// What one read found: the spec count a write starts from, the object version it is conditional on, and the Event's
/// subject; with the watch cache on, where it came from (<see cref="TargetRead.ObservedFrom"/>) and the cache's age.
/// </summary>
internal sealed record ObservedState(TargetObservation Observation, string? ResourceVersion, EventSubject Subject, string? From = null, TimeSpan? CacheAge = null)
{
    public int Spec => Observation.SpecReplicas;
}

/// <summary>The object an Event is about (its <c>involvedObject</c>).</summary>
internal sealed record EventSubject(string ApiVersion, string? Kind, string Namespace, string Name, string? Uid, string? ResourceVersion);
