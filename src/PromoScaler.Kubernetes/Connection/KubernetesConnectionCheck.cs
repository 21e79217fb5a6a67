namespace PromoScaler.Kubernetes.Connection;

/// <summary>When a missing or broken kubeconfig is reported.</summary>
public enum KubernetesConnectionCheck
{
    /// <summary>At start, by options validation: the process does not start without a connection.</summary>
    AtStart,

    /// <summary>
    /// When a target is first used: a process that may run without Kubernetes (policies that scale only cloud VM
    /// groups) starts, and each Kubernetes target reports the missing connection as its outcome.
    /// </summary>
    OnFirstUse,
}

/// <summary>Registered once some part of the process cannot work without the connection (a state ConfigMap, a Lease).</summary>
internal sealed class ConnectionNeededAtStart;
