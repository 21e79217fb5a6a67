using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace PromoScaler.Resilience;

/// <summary>
/// The one pipeline shape of every adapter, outermost first: total timeout -> retry (exponential, jittered) ->
/// circuit breaker -> per-attempt timeout. The breaker sits inside the retry so each attempt counts, and an open
/// breaker is not retried (nothing would be sent anyway). Time comes from the injected <see cref="TimeProvider"/>.
/// The adapter says what is transient and what to log or count (<c>ShouldHandle</c>, <c>On*</c>, an optional
/// <c>DelayGenerator</c> on the strategy options it passes); this factory sets the numbers, the backoff and the order.
/// </summary>
public static class ResiliencePipelineFactory
{
    /// <summary>Configures a pipeline whose calls return <typeparamref name="TResult"/> (outcomes may be results, not only exceptions).</summary>
    public static void Configure<TResult>(
        ResiliencePipelineBuilder<TResult> builder,
        string name,
        PipelineSettings settings,
        TimeProvider timeProvider,
        JitterSource jitter,
        RetryStrategyOptions<TResult> retry,
        CircuitBreakerStrategyOptions<TResult> breaker)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Name = name;
        builder.TimeProvider = timeProvider;
        builder.AddTimeout(settings.TotalTimeout);
        if (settings.MaxRetries > 0)
        {
            Numbers(retry, settings, jitter);
            builder.AddRetry(retry);
        }

        Numbers(breaker, settings);
        builder.AddCircuitBreaker(breaker);
        builder.AddTimeout(settings.Timeout);
    }

    /// <summary>Builds a pipeline for calls of any result type (failures are exceptions only).</summary>
    public static ResiliencePipeline Build(
        string name,
        PipelineSettings settings,
        TimeProvider timeProvider,
        JitterSource jitter,
        RetryStrategyOptions retry,
        CircuitBreakerStrategyOptions breaker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new ResiliencePipelineBuilder { Name = name, TimeProvider = timeProvider };
        builder.AddTimeout(settings.TotalTimeout);
        if (settings.MaxRetries > 0)
        {
            Numbers<object>(retry, settings, jitter);
            builder.AddRetry(retry);
        }

        Numbers<object>(breaker, settings);
        builder.AddCircuitBreaker(breaker);
        builder.AddTimeout(settings.Timeout);
        return builder.Build();
    }

    // Mutated in place: the non-generic strategy options derive from the <object> ones, so one body serves both.
    private static void Numbers<TResult>(RetryStrategyOptions<TResult> retry, PipelineSettings settings, JitterSource jitter)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(jitter);
        retry.MaxRetryAttempts = settings.MaxRetries;
        retry.Delay = settings.RetryBaseDelay;
        retry.BackoffType = DelayBackoffType.Exponential;
        retry.UseJitter = true;
        retry.Randomizer = jitter.Next;
    }

    private static void Numbers<TResult>(CircuitBreakerStrategyOptions<TResult> breaker, PipelineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        breaker.FailureRatio = settings.FailureRatio;
        breaker.MinimumThroughput = settings.MinimumThroughput;
        breaker.SamplingDuration = settings.SamplingDuration;
        breaker.BreakDuration = settings.BreakDuration;
    }
}
