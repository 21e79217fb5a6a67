using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>Leader election on a Kubernetes Lease (<c>LeaderElection</c> section; <c>--leader-elect</c>).</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>Elect a leader; only it writes targets and state. Default false (one replica acts alone).</summary>
    public bool Enabled { get; set; }

    /// <summary>The Lease's namespace. Default: the pod's namespace, else <c>default</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>The Lease's name. Default <c>promoscaler</c>.</summary>
    [Required]
    public string LeaseName { get; set; } = DaemonConstants.DefaultObjectName;

    /// <summary>This replica's identity in the Lease. Default: the host name.</summary>
    public string? Identity { get; set; }

    /// <summary>How long a lease holds without renewal. Default 15s; 1s..5m.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseDuration { get; set; } = DaemonConstants.DefaultLeaseDuration;

    /// <summary>The leader steps down when it could not renew for this long; below <see cref="LeaseDuration"/>. Default 10s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan RenewDeadline { get; set; } = DaemonConstants.DefaultRenewDeadline;

    /// <summary>How often to try to acquire or renew; below <see cref="RenewDeadline"/>. Default 2s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RetryPeriod { get; set; } = DaemonConstants.DefaultRetryPeriod;

    /// <summary>
    /// Policies are split over this many shards by a stable hash of their name, each shard held by one replica through
    /// its own Lease (<c>LeaseName-shard-i</c>) and kept in its own state ConfigMap (<c>State:ConfigMap:Name-shard-i</c>).
    /// Default 1: no sharding, one Lease elects the replica that writes everything. 1..64; above 1 needs
    /// <see cref="Enabled"/> and the ConfigMap state store.
    /// </summary>
    [Range(1, 64)]
    public int Shards { get; set; } = 1;

    /// <summary>
    /// With sharding, the replicas that take part in balancing (each holds one member Lease <c>LeaseName-member-k</c>,
    /// so the others know it exists); more replicas stand by and take only shards left without a holder. Default 8; 1..64.
    /// </summary>
    [Range(1, 64)]
    public int MaxReplicas { get; set; } = 8;
}
