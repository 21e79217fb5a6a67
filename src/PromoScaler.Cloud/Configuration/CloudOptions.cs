using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PromoScaler.Cloud.Configuration;

/// <summary>
/// How PromoScaler talks to cloud auto scaling APIs (section <c>Cloud</c>). Policies say which group; these say how
/// hard to try. <c>Retry</c> and <c>CircuitBreaker</c> are the sections the Prometheus sources and Kubernetes have.
/// </summary>
public sealed class CloudOptions
{
    /// <summary>Client-side limit per provider and API action, requests per second. Default 20; 1..1000.</summary>
    [Range(1, 1000)]
    public int RequestsPerSecond { get; set; } = CloudConstants.DefaultRequestsPerSecond;

    /// <summary>Requests that may wait for the rate limit; beyond, a call ends throttled. Default 100; 0..10000.</summary>
    [Range(0, 10_000)]
    public int RateLimitQueue { get; set; } = CloudConstants.DefaultRateLimitQueue;

    /// <summary>Per-attempt timeout. Default 10s; 10ms..5m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = CloudConstants.DefaultTimeout;

    /// <summary>Budget for one call including retries and backoff; at least <see cref="Timeout"/>. Default 45s; 10ms..10m.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = CloudConstants.DefaultTotalTimeout;

    /// <summary>Retry of throttling, an activity in progress and transient failures. Default 4 retries from 1s (throttled APIs want real backoff).</summary>
    [ValidateObjectMembers]
    public RetryOptions Retry { get; set; } = new() { MaxRetries = CloudConstants.DefaultMaxRetries, BaseDelay = CloudConstants.DefaultRetryBaseDelay };

    /// <summary>The circuit breaker each target has. Default: 0.5 of at least 4 calls in 60s opens it for 30s.</summary>
    [ValidateObjectMembers]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new()
    {
        FailureRatio = CloudConstants.DefaultFailureRatio,
        MinimumThroughput = CloudConstants.DefaultMinimumThroughput,
        SamplingDuration = CloudConstants.DefaultSamplingDuration,
        BreakDuration = CloudConstants.DefaultBreakDuration,
    };
}
