namespace PromoScaler.Resilience;

/// <summary>The defaults of <see cref="RetryOptions"/> and <see cref="CircuitBreakerOptions"/> where an adapter sets none of its own.</summary>
public static class ResilienceDefaults
{
    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetries = 2;

    /// <summary>Failure share that opens a breaker.</summary>
    public const double FailureRatio = 0.5;

    /// <summary>Calls in the window before a breaker may open.</summary>
    public const int MinimumThroughput = 4;

    /// <summary>First retry backoff.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>A breaker's sampling window.</summary>
    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long a breaker stays open.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);
}
