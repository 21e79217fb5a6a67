using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.Telemetry;
using PromoScaler.Core.Ports;

namespace PromoScaler.Cloud.Resilience;

/// <summary>
/// One target's pipeline in the shared shape (<see cref="ResiliencePipelineFactory"/>). Retried: replies marked <see cref="CloudReply.Retry"/> (throttling, an activity in
/// progress, contention, 5xx) and transport failures. The breaker counts transport failures and unavailability,
/// never a refusal (auth, validation, not found): those would fail the same way again and say so at once.
/// Every outcome comes back as a <see cref="CloudReply"/>; only the caller's own cancellation escapes.
/// </summary>
internal sealed class CloudCallPipeline
{
    private readonly ResiliencePipeline<CloudReply> _pipeline;
    private readonly string _target;
    private readonly string _provider;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CloudMetrics _metrics;

    public CloudCallPipeline(string target, string provider, CloudOptions options, TimeProvider time, JitterSource jitter, CloudMetrics metrics, ILogger logger)
    {
        _target = target;
        _provider = provider;
        _logger = logger;
        _time = time;
        _metrics = metrics;
        var retry = new RetryStrategyOptions<CloudReply>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome is { Exception: HttpRequestException or TimeoutRejectedException or IOException } or { Result.Retry: true }),
            OnRetry = args =>
            {
                Log.Retrying(_logger, _target, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
        };
        var breaker = new CircuitBreakerStrategyOptions<CloudReply>
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome is { Exception: HttpRequestException or TimeoutRejectedException or IOException } or { Result.Outcome: TargetOutcome.Unavailable }),
            OnOpened = args =>
            {
                Log.CircuitOpened(_logger, _target, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
        };
        var settings = PipelineSettings.From(options.Timeout, options.TotalTimeout, options.Retry, options.CircuitBreaker);
        var builder = new ResiliencePipelineBuilder<CloudReply>();
        ResiliencePipelineFactory.Configure(builder, target, settings, time, jitter, retry, breaker);
        _pipeline = builder.Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> of API action <paramref name="action"/> under the pipeline, classifies what
    /// escaped it, and counts the call, each attempt and the call's duration (<see cref="CloudMetrics"/>).
    /// </summary>
    public async ValueTask<CloudReply> ExecuteAsync(string action, Func<CancellationToken, ValueTask<CloudReply>> attempt, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var reply = await ClassifyAsync(ct => CountedAsync(action, attempt, ct), cancellationToken);
        _metrics.Calls.WithLabels(_provider, action, CloudMetrics.Label(reply.Outcome)).Inc();
        _metrics.Duration.WithLabels(_provider, action).Observe(_time.GetElapsedTime(started).TotalSeconds);
        return reply;
    }

    private async ValueTask<CloudReply> CountedAsync(string action, Func<CancellationToken, ValueTask<CloudReply>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await attempt(cancellationToken);
            CountAttempt(action, CloudMetrics.Label(reply.Outcome));
            return reply;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The attempt timeout (or the caller) cancelled it: no answer came.
            CountAttempt(action, "timeout");
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            CountAttempt(action, "transportError");
            throw;
        }
    }

    private void CountAttempt(string action, string outcome) => _metrics.Attempts.WithLabels(_provider, action, outcome).Inc();

    private async ValueTask<CloudReply> ClassifyAsync(Func<CancellationToken, ValueTask<CloudReply>> attempt, CancellationToken cancellationToken)
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
