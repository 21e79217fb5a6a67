using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>Where the policies come from (<c>Policies</c> section; <c>--policies DIR</c>).</summary>
public sealed class PolicyCatalogOptions
{
    /// <summary>Directory of <c>*.yaml</c>/<c>*.yml</c> policy files (a mounted ConfigMap works). Required.</summary>
    [Required(ErrorMessage = "a policy directory is required (--policies DIR or Policies:Directory)")]
    public string? Directory { get; set; }

    /// <summary>How often the directory is checked for a change. Default 5s; 100ms..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReloadInterval { get; set; } = DaemonConstants.DefaultReloadInterval;
}
