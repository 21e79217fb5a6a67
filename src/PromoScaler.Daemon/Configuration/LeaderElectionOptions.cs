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
}
