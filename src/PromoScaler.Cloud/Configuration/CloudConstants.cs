namespace PromoScaler.Cloud.Configuration;

/// <summary>Defaults of the cloud VM group targets, in one place (the options' doc comments repeat them).</summary>
public static class CloudConstants
{
    /// <summary>The configuration section the host binds by convention: <c>Cloud</c>.</summary>
    public const string ConfigurationSection = "Cloud";

    /// <summary>Client-side limit per provider and API action: 20 requests/s (both providers' documented default per action).</summary>
    public const int DefaultRequestsPerSecond = 20;

    /// <summary>Requests that may wait for the rate limit before one is refused as throttled: 100.</summary>
    public const int DefaultRateLimitQueue = 100;

    /// <summary>Per-attempt timeout: 10s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Budget for one call including retries and backoff: 45s.</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Retries after the first attempt on throttling, an activity in progress or a transient failure: 4.</summary>
    public const int DefaultMaxRetries = 4;

    /// <summary>First retry delay, doubled per attempt, with jitter: 1s (throttled APIs want real backoff).</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Share of failed calls in the sampling window that opens a target's breaker: 0.5.</summary>
    public const double DefaultFailureRatio = 0.5;

    /// <summary>Calls in the sampling window before the breaker may open: 4.</summary>
    public const int DefaultMinimumThroughput = 4;

    /// <summary>Sampling window of the breaker: 60s.</summary>
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(60);

    /// <summary>How long the breaker stays open before one probe: 30s.</summary>
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>Tencent Cloud Auto Scaling's API version.</summary>
    internal const string TencentApiVersion = "2018-04-19";

    /// <summary>AWS EC2 Auto Scaling Query API version.</summary>
    internal const string AwsApiVersion = "2011-01-01";

    /// <summary>Name of the <see cref="System.Net.Http.HttpClient"/> both providers use.</summary>
    internal const string HttpClientName = "PromoScaler.Cloud";
}
