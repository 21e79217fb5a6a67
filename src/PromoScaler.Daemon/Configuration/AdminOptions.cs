using System.ComponentModel.DataAnnotations;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.WebConsole;

namespace PromoScaler.Daemon.Configuration;

/// <summary>The admin listener: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> (<c>Admin</c> section; <c>--urls URL</c>).</summary>
public sealed class AdminOptions
{
    /// <summary>Kestrel URLs, separated by ';'. Default <c>http://127.0.0.1:9464</c>.</summary>
    [Required]
    public string Urls { get; set; } = DaemonConstants.DefaultAdminUrls;

    /// <summary>
    /// The admin API (<c>Admin:Api</c>: <c>TokenFile</c>, <c>AuditCapacity</c>, <c>HistoryCapacity</c>), on when a
    /// token file is set (<c>--token-file</c>). Bound and validated by the admin API; declared here so the keys are known.
    /// </summary>
#pragma warning disable SYSLIB1212 // Validated by the admin API when it is on; with no token file it is off and its keys are not checked.
    public AdminApiOptions Api { get; set; } = new();
#pragma warning restore SYSLIB1212

    /// <summary>
    /// The web console (<c>Admin:Console</c>: <c>Enabled</c>, default true), at <c>/</c> whenever the admin API is on;
    /// <c>--no-console</c> turns it off.
    /// </summary>
    public ConsoleOptions Console { get; set; } = new();
}
