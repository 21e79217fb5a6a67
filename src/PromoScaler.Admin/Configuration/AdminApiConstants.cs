namespace PromoScaler.Admin.Configuration;

/// <summary>Defaults and fixed limits of the admin API.</summary>
public static class AdminApiConstants
{
    /// <summary>Default audit entries kept.</summary>
    public const int AuditCapacity = 1000;

    /// <summary>Default decisions kept per policy: 6 hours at the 15s default interval.</summary>
    public const int HistoryCapacity = 1440;

    /// <summary>Largest request body accepted: 64 KiB. Larger bodies are refused with 400 before they are parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Default wait for a forwarded change's answer from the replica holding the policy's shard: 5 seconds.</summary>
    public static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The route prefix of every API endpoint.</summary>
    public const string RoutePrefix = "/api/v1";
}
