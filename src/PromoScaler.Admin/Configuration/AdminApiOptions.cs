using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Admin.Configuration;

/// <summary>Settings of the admin API (configuration section <see cref="SectionName"/>).</summary>
public sealed class AdminApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Admin:Api";

    /// <summary>
    /// The token file (a Kubernetes Secret mounted as a file works the same): lines of <c>NAME ROLE sha256:HEX</c>.
    /// Required; the API refuses to start without tokens rather than run open.
    /// </summary>
    [Required]
    public string TokenFile { get; set; } = "";

    /// <summary>Audit entries kept (and persisted), oldest dropped first. Default <see cref="AdminApiConstants.AuditCapacity"/>.</summary>
    [Range(1, 100_000)]
    public int AuditCapacity { get; set; } = AdminApiConstants.AuditCapacity;

    /// <summary>Decisions kept per policy for <c>history</c>. Default <see cref="AdminApiConstants.HistoryCapacity"/> (6h at 15s).</summary>
    [Range(1, 100_000)]
    public int HistoryCapacity { get; set; } = AdminApiConstants.HistoryCapacity;

    /// <summary>
    /// With sharding, where the other replicas reach this replica's admin API to forward it a change of a policy
    /// whose shard it holds (an absolute http or https URL, no path). Unset: <c>http://$POD_IP:PORT</c> from the
    /// <c>POD_IP</c> environment variable (the chart sets it from the downward API) and the port of <c>Admin:Urls</c>,
    /// else the listen URL itself when it names one address. Ignored without sharding.
    /// </summary>
    public string? AdvertiseUrl { get; set; }

    /// <summary>
    /// How long a forwarded change waits for the holder's answer, connection included (100ms..10s, so that with its one
    /// retry of a connection never made it stays within the client's 30s). Default <see cref="AdminApiConstants.ForwardTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan ForwardTimeout { get; set; } = AdminApiConstants.ForwardTimeout;
}
