using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Resilience;

/// <summary>
/// One target's pipeline, outermost first: total timeout -> retry (exponential, jittered) -> circuit breaker ->
/// per-attempt timeout. Retried: replies marked <see cref="CloudReply.Retry"/> (throttling, an activity in
/// progress, contention, 5xx) and transport failures. The breaker counts transport failures and unavailability,
/// never a refusal (auth, validation, not found): those would fail the same way again and say so at once.
/// Every outcome comes back as a <see cref="CloudReply"/>; only the caller's own cancellation escapes.
/// </summary>
internal sealed class CloudCallPipeline
{
    private readonly ResiliencePipeline<CloudReply> _pipeline;
    private readonly string _target;
    private readonly ILogger _logger;

    public CloudCallPipeline(string target, CloudOptions options, TimeProvider time, CloudJitter jitter, ILogger logger)
    {
        _target = target;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<CloudReply> { Name = target, TimeProvider = time };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<CloudReply>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome is { Exception: HttpRequestException or TimeoutRejectedException or IOException } or { Result.Retry: true }),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = jitter.Next,
                OnRetry = args =>
                {
                    Log.Retrying(_logger, _target, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<CloudReply>
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome is { Exception: HttpRequestException or TimeoutRejectedException or IOException } or { Result.Outcome: TargetOutcome.Unavailable }),
            FailureRatio = options.FailureRatio,
            MinimumThroughput = options.MinimumThroughput,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
            OnOpened = args =>
            {
                Log.CircuitOpened(_logger, _target, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.Timeout);
        _pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="attempt"/> under the pipeline and classifies what escaped it.</summary>
    public async ValueTask<CloudReply> ExecuteAsync(Func<CancellationToken, ValueTask<CloudReply>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(attempt, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            return new CloudReply(TargetOutcome.CircuitOpen, false, null, $"circuit open after repeated failures ({ex.Message})");
        }
        catch (TimeoutRejectedException ex)
        {
            return new CloudReply(TargetOutcome.Unavailable, true, null, $"timed out after {ex.Timeout}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new CloudReply(TargetOutcome.Unavailable, true, null, ex.Message);
        }
    }

    private static string Describe(Outcome<CloudReply> outcome) => outcome.Exception?.GetType().Name ?? outcome.Result!.Describe();
}
