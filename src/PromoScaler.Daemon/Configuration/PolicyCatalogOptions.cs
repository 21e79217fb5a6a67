using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>Where the policies come from (<c>Policies</c> section; <c>--policies DIR</c>, <c>--policy-source</c>, <c>--watch-namespaces</c>).</summary>
public sealed class PolicyCatalogOptions
{
    /// <summary>Directory of <c>*.yaml</c>/<c>*.yml</c> policy files (a mounted ConfigMap works). Required unless <see cref="Source"/> is Kubernetes.</summary>
    public string? Directory { get; set; }

    /// <summary>How often the directory is checked for a change. Default 5s; 100ms..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReloadInterval { get; set; } = DaemonConstants.DefaultReloadInterval;

    /// <summary>Files (default), Kubernetes (ScalingPolicy objects, list+watch) or Both.</summary>
    public PolicySourceKind Source { get; set; } = PolicySourceKind.Files;

    /// <summary>With a Kubernetes source: the namespaces whose ScalingPolicy objects are read. Empty (default): every namespace.</summary>
    public IList<string> WatchNamespaces { get; } = [];

    /// <summary>
    /// With a Kubernetes source: let an object target a namespace other than its own. Default false, so a tenant who
    /// may write ScalingPolicies in one namespace cannot scale another's workloads.
    /// </summary>
    public bool AllowCrossNamespaceTargets { get; set; }

    /// <summary>With a Kubernetes source: how often the leader writes the ScalingPolicies' status, only what changed. Default 10s; 1s..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>With a Kubernetes source: at most this many status writes per round (the rest wait a round), so 1,000 policies never flood the API server. Default 100; 1..10000.</summary>
    [Range(1, 10000)]
    public int MaxStatusWritesPerRound { get; set; } = 100;
}

/// <summary>Where policies are read.</summary>
public enum PolicySourceKind
{
    /// <summary>The files of <c>Policies:Directory</c>.</summary>
    Files,

    /// <summary>ScalingPolicy objects of the Kubernetes API (the CRD <c>scalingpolicies.promoscaler.io</c>).</summary>
    Kubernetes,

    /// <summary>Both; a name defined in both is refused.</summary>
    Both,
}
