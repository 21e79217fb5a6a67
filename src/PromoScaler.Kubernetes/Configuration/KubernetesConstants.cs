namespace PromoScaler.Kubernetes.Configuration;

/// <summary>Defaults and limits of the Kubernetes adapter, in one place (the options' doc comments repeat them).</summary>
public static class KubernetesConstants
{
    /// <summary>The configuration section the host binds by convention: <c>Kubernetes</c>.</summary>
    public const string ConfigurationSection = "Kubernetes";

    /// <summary>Per-attempt timeout of one API call: 5s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The oldest a target watch cache may be before a tick reads with a GET: 30s.</summary>
    public static readonly TimeSpan DefaultTargetCacheMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Budget for one observe or write including retries and backoff: 10s (below the shortest usual interval of 15s).</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt on 429, 5xx, a timeout or a transport error: 3.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>First retry delay, doubled per attempt, with jitter: 200ms.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest <c>Retry-After</c> of a 429 that is obeyed: 5s (a longer one is cut to this).</summary>
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Share of failed calls in the sampling window that opens a target's breaker: 0.5.</summary>
    public const double DefaultFailureRatio = 0.5;

    /// <summary>Calls in the sampling window before a target's breaker may open: 4 (Polly's minimum is 2).</summary>
    public const int DefaultMinimumThroughput = 4;

    /// <summary>Sampling window of a target's breaker: 30s.</summary>
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long a target's breaker stays open before one probe: 30s.</summary>
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>The component named in Events (<c>source.component</c>, <c>reportingComponent</c>): <c>promoscaler</c>.</summary>
    public const string DefaultEventComponent = "promoscaler";

    /// <summary>The Event reason of a scale, as the HPA controller's: <c>SuccessfulRescale</c>.</summary>
    public const string RescaleEventReason = "SuccessfulRescale";

    /// <summary>The ConfigMap of the state store: <c>promoscaler-state</c>.</summary>
    public const string DefaultStateConfigMapName = "promoscaler-state";

    /// <summary>The data key holding the state document: <c>state.json</c>.</summary>
    public const string DefaultStateDataKey = "state.json";

    /// <summary>What a ConfigMap's data may hold, keys included: 1 MiB (the API server's limit).</summary>
    public const int MaxConfigMapDataBytes = 1024 * 1024;
}
