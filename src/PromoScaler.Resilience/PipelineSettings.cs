namespace PromoScaler.Resilience;

/// <summary>The numbers of one adapter's pipeline, taken from its validated options.</summary>
/// <param name="Timeout">Per-attempt timeout (innermost).</param>
/// <param name="TotalTimeout">Budget for one call including retries and backoff (outermost).</param>
/// <param name="MaxRetries">Retries after the first attempt; 0 adds no retry strategy.</param>
/// <param name="RetryBaseDelay">First backoff, doubled per retry, with jitter.</param>
/// <param name="FailureRatio">Failure share over the sampling window that opens the breaker.</param>
/// <param name="MinimumThroughput">Calls in the window before the breaker may open.</param>
/// <param name="SamplingDuration">The breaker's sampling window.</param>
/// <param name="BreakDuration">Time open before one probe is let through.</param>
public sealed record PipelineSettings(
    TimeSpan Timeout,
    TimeSpan TotalTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    /// <summary>The settings of an adapter whose options use the shared <see cref="RetryOptions"/> and <see cref="CircuitBreakerOptions"/>.</summary>
    public static PipelineSettings From(TimeSpan timeout, TimeSpan totalTimeout, RetryOptions retry, CircuitBreakerOptions breaker)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(breaker);
        return new(timeout, totalTimeout, retry.MaxRetries, retry.BaseDelay, breaker.FailureRatio, breaker.MinimumThroughput, breaker.SamplingDuration, breaker.BreakDuration);
    }
}
