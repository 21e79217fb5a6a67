using PromoScaler.Core.Engine;

namespace PromoScaler.Kubernetes.Targets;

/// <summary>What one read found: the spec count a write starts from, the object version it is conditional on, and the Event's subject.</summary>
internal sealed record ObservedState(TargetObservation Observation, string? ResourceVersion, EventSubject Subject)
{
    public int Spec => Observation.SpecReplicas;
}

/// <summary>The object an Event is about (its <c>involvedObject</c>).</summary>
internal sealed record EventSubject(string ApiVersion, string? Kind, string Namespace, string Name, string? Uid, string? ResourceVersion);
