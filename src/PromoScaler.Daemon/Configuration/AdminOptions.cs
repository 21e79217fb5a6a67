using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Daemon.Configuration;

/// <summary>The admin listener: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> (<c>Admin</c> section; <c>--urls URL</c>).</summary>
public sealed class AdminOptions
{
    /// <summary>Kestrel URLs, separated by ';'. Default <c>http://127.0.0.1:9464</c>.</summary>
    [Required]
    public string Urls { get; set; } = DaemonConstants.DefaultAdminUrls;
}
