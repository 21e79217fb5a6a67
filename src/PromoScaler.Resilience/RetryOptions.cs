using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Resilience;

/// <summary>
/// Retry with exponential, jittered backoff: the section <c>Retry</c> of the Prometheus sources and of Kubernetes.
/// An adapter sets its own defaults when it creates one (Kubernetes adds <c>MaxRetryAfter</c> in a subclass).
/// </summary>
public class RetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retrying. 0..10.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = ResilienceDefaults.MaxRetries;

    /// <summary>First backoff, doubled per retry, with jitter. Default 200ms; 1ms..30s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan BaseDelay { get; set; } = ResilienceDefaults.RetryBaseDelay;
}
