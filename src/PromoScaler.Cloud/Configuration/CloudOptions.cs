using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Cloud.Configuration;

/// <summary>How PromoScaler talks to cloud auto scaling APIs (section <c>Cloud</c>). Policies say which group; these say how hard to try.</summary>
public sealed class CloudOptions
{
    /// <summary>Client-side limit per provider and API action, requests per second. Default 20.</summary>
    [Range(1, 1000)]
    public int RequestsPerSecond { get; set; } = CloudConstants.DefaultRequestsPerSecond;

    /// <summary>Requests that may wait for the rate limit; beyond, a call ends throttled. Default 100.</summary>
    [Range(0, 10_000)]
    public int RateLimitQueue { get; set; } = CloudConstants.DefaultRateLimitQueue;

    /// <summary>Per-attempt timeout. Default 10s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = CloudConstants.DefaultTimeout;

    /// <summary>Budget for one call including retries and backoff. Default 45s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = CloudConstants.DefaultTotalTimeout;

    /// <summary>Retries after the first attempt. Default 4.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = CloudConstants.DefaultMaxRetries;

    /// <summary>First retry delay, doubled per attempt, with jitter. Default 1s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = CloudConstants.DefaultRetryBaseDelay;

    /// <summary>Share of failed calls that opens a target's breaker. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = CloudConstants.DefaultFailureRatio;

    /// <summary>Calls in the sampling window before the breaker may open (Polly's minimum is 2). Default 4.</summary>
    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = CloudConstants.DefaultMinimumThroughput;

    /// <summary>Sampling window of the breaker. Default 60s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = CloudConstants.DefaultSamplingDuration;

    /// <summary>How long the breaker stays open. Default 30s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = CloudConstants.DefaultBreakDuration;
}
