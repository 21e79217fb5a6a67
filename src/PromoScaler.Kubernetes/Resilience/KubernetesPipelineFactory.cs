using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using PromoScaler.Kubernetes.Configuration;

namespace PromoScaler.Kubernetes.Resilience;

/// <summary>
/// Builds one target's pipeline, outermost first: total timeout -> retry (exponential, jittered; a 429's Retry-After
/// obeyed up to a cap) -> circuit breaker -> per-attempt timeout. The breaker sits inside the retry so each attempt
/// counts, and an open breaker is not retried (nothing would be sent). Time comes from the injected TimeProvider.
/// </summary>
internal static class KubernetesPipelineFactory
{
    public static ResiliencePipeline Build(string target, KubernetesOptions options, TimeProvider timeProvider, JitterSource jitter, ILogger logger)
    {
        var transient = new PredicateBuilder().Handle<Exception>(ApiFailures.IsTransient);
        var builder = new ResiliencePipelineBuilder { Name = "PromoScaler.Kubernetes:" + target, TimeProvider = timeProvider };
        builder.AddTimeout(options.TotalTimeout);
        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.Retry.MaxRetries,
                Delay = options.Retry.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = jitter.Next,
                DelayGenerator = args => ValueTask.FromResult(ApiFailures.RetryAfter(args.Outcome.Exception, options.Retry.MaxRetryAfter)),
                OnRetry = args =>
                {
                    Log.Retrying(logger, target, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name ?? "?");
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = options.CircuitBreaker.FailureRatio,
            MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
            SamplingDuration = options.CircuitBreaker.SamplingDuration,
            BreakDuration = options.CircuitBreaker.BreakDuration,
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, target, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                Log.CircuitHalfOpened(logger, target);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger, target);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.Timeout);
        return builder.Build();
    }
}
