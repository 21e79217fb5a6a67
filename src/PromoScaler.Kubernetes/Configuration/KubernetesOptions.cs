using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Kubernetes.Configuration;

/// <summary>How PromoScaler reaches the Kubernetes API and how its calls are bounded.</summary>
public sealed class KubernetesOptions
{
    /// <summary>
    /// A kubeconfig file. Null (default): the in-cluster service account when running in a pod, else the files in
    /// <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; null (default): its <c>current-context</c>.</summary>
    public string? Context { get; set; }

    /// <summary>Per-attempt timeout of one API call. Default 5s; 10ms..2m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:02:00")]
    public TimeSpan Timeout { get; set; } = KubernetesConstants.DefaultTimeout;

    /// <summary>Budget for one observe or write including retries and backoff; at least <see cref="Timeout"/>. Default 10s; 10ms..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = KubernetesConstants.DefaultTotalTimeout;

    /// <summary>Retry of 429, 5xx, timeouts and transport errors.</summary>
    public KubernetesRetryOptions Retry { get; set; } = new();

    /// <summary>The circuit breaker each target has.</summary>
    public KubernetesCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Write a Kubernetes Event on the target for every scale. Default true.</summary>
    public bool RecordEvents { get; set; } = true;

    /// <summary>The component named in Events. Default <c>promoscaler</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public string EventComponent { get; set; } = KubernetesConstants.DefaultEventComponent;

    /// <summary>The instance named in Events (<c>reportingInstance</c>); null (default): the host name (the pod's name in a cluster).</summary>
    public string? EventInstance { get; set; }
}

/// <summary>Retry with exponential, jittered backoff; a 429's <c>Retry-After</c> is waited when longer.</summary>
public sealed class KubernetesRetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retrying. Default 3; 0..10.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = KubernetesConstants.DefaultMaxRetries;

    /// <summary>First backoff, doubled per retry, with jitter. Default 200ms; 1ms..30s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan BaseDelay { get; set; } = KubernetesConstants.DefaultRetryBaseDelay;

    /// <summary>The longest <c>Retry-After</c> obeyed; 0 ignores the header. Default 5s; 0..5m.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; set; } = KubernetesConstants.DefaultMaxRetryAfter;
}

/// <summary>A target's circuit breaker: opens when the failure ratio over the sampling window is reached, then probes once per break.</summary>
public sealed class KubernetesCircuitBreakerOptions
{
    /// <summary>Failure share that opens the breaker. Default 0.5; 0.01..1.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = KubernetesConstants.DefaultFailureRatio;

    /// <summary>Calls in the window before the breaker may open. Default 4; 2..1000.</summary>
    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = KubernetesConstants.DefaultMinimumThroughput;

    /// <summary>Sampling window. Default 30s; 500ms..1h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = KubernetesConstants.DefaultSamplingDuration;

    /// <summary>Time open before one probe is let through. Default 30s; 500ms..1h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = KubernetesConstants.DefaultBreakDuration;
}
