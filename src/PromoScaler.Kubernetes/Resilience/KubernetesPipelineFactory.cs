using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using PromoScaler.Kubernetes.Configuration;

namespace PromoScaler.Kubernetes.Resilience;

/// <summary>
/// Builds one target's pipeline in the shared shape (<see cref="ResiliencePipelineFactory"/>): what is transient, a
/// 429's Retry-After obeyed up to a cap, and the breaker's logs.
/// </summary>
internal static class KubernetesPipelineFactory
{
    public static ResiliencePipeline Build(string target, KubernetesOptions options, TimeProvider timeProvider, JitterSource jitter, ILogger logger)
    {
        var transient = new PredicateBuilder().Handle<Exception>(ApiFailures.IsTransient);
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = transient,
            DelayGenerator = args => ValueTask.FromResult(ApiFailures.RetryAfter(args.Outcome.Exception, options.Retry.MaxRetryAfter)),
            OnRetry = args =>
            {
                Log.Retrying(logger, target, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name ?? "?");
                return ValueTask.CompletedTask;
            },
        };
        var breaker = new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
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
        };
        var settings = PipelineSettings.From(options.Timeout, options.TotalTimeout, options.Retry, options.CircuitBreaker);
        return ResiliencePipelineFactory.Build("PromoScaler.Kubernetes:" + target, settings, timeProvider, jitter, retry, breaker);
    }
}
