using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.Telemetry;

namespace PromoScaler.Prometheus.Resilience;

/// <summary>
/// Configures one source's pipeline in the shared shape (<see cref="ResiliencePipelineFactory"/>): what is transient,
/// and the logs and circuit gauge of its breaker. The pipelines
/// live in a <see cref="Polly.Registry.ResiliencePipelineRegistry{TKey}"/> keyed by source name, which builds each
/// once, on first use, and disposes them with the client.
/// </summary>
internal static class PrometheusPipelineFactory
{
    public static void Configure(
        ResiliencePipelineBuilder<PrometheusHttpResponse> builder,
        string source,
        PrometheusSourceOptions options,
        TimeProvider timeProvider,
        JitterSource jitter,
        PrometheusSourceMetrics metrics,
        ILogger logger)
    {
        var retry = new RetryStrategyOptions<PrometheusHttpResponse>
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            OnRetry = args =>
            {
                Log.Retrying(logger, source, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
        };
        var breaker = new CircuitBreakerStrategyOptions<PrometheusHttpResponse>
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            OnOpened = args =>
            {
                metrics.SetCircuit(source, CircuitStateValue.Open);
                Log.CircuitOpened(logger, source, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                metrics.SetCircuit(source, CircuitStateValue.HalfOpen);
                Log.CircuitHalfOpened(logger, source);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                metrics.SetCircuit(source, CircuitStateValue.Closed);
                Log.CircuitClosed(logger, source);
                return ValueTask.CompletedTask;
            },
        };
        ResiliencePipelineFactory.Configure(builder, PrometheusConstants.HttpClientNamePrefix + source, PipelineSettings.From(options.Timeout, options.TotalTimeout, options.Retry, options.CircuitBreaker), timeProvider, jitter, retry, breaker);
        metrics.SetCircuit(source, CircuitStateValue.Closed);
    }

    /// <summary>
    /// Transient: connection errors, attempt timeouts, 408, 429 and 5xx (Prometheus answers 503 to its own query
    /// timeout and while starting). A 400/422 is the query's fault and is neither retried nor counted by the breaker.
    /// </summary>
    internal static bool IsTransient(Outcome<PrometheusHttpResponse> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        { Exception: null, Result: { } r } => r.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.Status >= 500,
        _ => false,
    };

    private static string Describe(Outcome<PrometheusHttpResponse> outcome) =>
        outcome.Exception?.GetType().Name ?? $"HTTP {(int)outcome.Result!.Status}";
}
