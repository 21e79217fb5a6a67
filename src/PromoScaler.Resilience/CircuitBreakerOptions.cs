using System.ComponentModel.DataAnnotations;

namespace PromoScaler.Resilience;

/// <summary>
/// Circuit breaker: opens when the failure ratio over the sampling window is reached, then probes once per break.
/// The section <c>CircuitBreaker</c> of the Prometheus sources, of Kubernetes and of the cloud VM groups.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Failure share that opens the breaker. Default 0.5; 0.01..1.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = ResilienceDefaults.FailureRatio;

    /// <summary>Calls in the window before the breaker may open (Polly's minimum is 2). Default 4; 2..1000.</summary>
    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = ResilienceDefaults.MinimumThroughput;

    /// <summary>Sampling window. Default 30s; 500ms..1h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = ResilienceDefaults.SamplingDuration;

    /// <summary>Time open before one probe is let through. Default 30s; 500ms..1h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = ResilienceDefaults.BreakDuration;
}
