using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Resilience;

/// <summary>
/// Retry with exponential, jittered backoff: the section <c>Retry</c> of the Prometheus sources, of Kubernetes and
/// of the cloud VM groups.
/// An adapter sets its own defaults when it creates one (Kubernetes adds <c>MaxRetryAfter</c> in a subclass).
/// </summary>
public class RetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retrying. 0..10.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = ResilienceDefaults.MaxRetries;

    /// <summary>First backoff, doubled per retry, with jitter; 0 retries at once. Default 200ms; 0..1m.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = ResilienceDefaults.RetryBaseDelay;
}
