namespace PromoScaler.Prometheus.Configuration;

/// <summary>Defaults and limits of the Prometheus metric source, in one place (the options' doc comments repeat them).</summary>
public static class PrometheusConstants
{
    /// <summary>The configuration section the host binds by convention: <c>Prometheus</c>.</summary>
    public const string ConfigurationSection = "Prometheus";

    /// <summary>Per-attempt timeout, also sent as Prometheus' own <c>timeout</c> parameter: 5s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Budget for one read including retries and backoff: 10s (below the shortest usual interval of 15s).</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>No offset: queries are evaluated at the decision instant.</summary>
    public static readonly TimeSpan DefaultQueryOffset = TimeSpan.Zero;

    /// <summary>Instant queries evaluated on whole seconds, so policies of one query ticking in the same second share a request: 1s.</summary>
    public static readonly TimeSpan DefaultQueryAlignment = TimeSpan.FromSeconds(1);

    /// <summary>Retries after the first attempt on a transient failure: 2.</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>First retry delay, doubled per attempt, with jitter: 200ms.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed calls in the sampling window that opens the breaker: 0.5.</summary>
    public const double DefaultFailureRatio = 0.5;

    /// <summary>Calls in the sampling window before the breaker may open: 4 (Polly's minimum is 2).</summary>
    public const int DefaultMinimumThroughput = 4;

    /// <summary>Sampling window of the breaker: 30s.</summary>
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before one probe: 30s.</summary>
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>Prometheus' limit of points per series in one <c>query_range</c> answer: 11,000.</summary>
    public const int MaxPointsPerRangeQuery = 11_000;

    /// <summary>Prefix of the named <see cref="System.Net.Http.HttpClient"/> of each source.</summary>
    internal const string HttpClientNamePrefix = "PromoScaler.Prometheus:";
}
