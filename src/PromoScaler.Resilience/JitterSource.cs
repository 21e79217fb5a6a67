namespace PromoScaler.Resilience;

/// <summary>The random numbers in [0, 1) behind retry jitter, injected so a test can make backoff deterministic.</summary>
/// <param name="Next">Returns the next number.</param>
public sealed record JitterSource(Func<double> Next)
{
    /// <summary>The shared, thread-safe generator.</summary>
    public static JitterSource Shared { get; } = new(Random.Shared.NextDouble);
}
