using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using PromoScaler.Core.Ports;

namespace PromoScaler.Kubernetes.Resilience;

/// <summary>Runs a target's API calls through its pipeline and turns every failure into a typed outcome with a detail.</summary>
internal sealed class ApiCaller(string target, ResiliencePipeline pipeline, TimeSpan attemptTimeout, ILogger logger)
{
    public async ValueTask<ApiResult<T>> RunAsync<T>(ApiOperation operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        Exception? lastFailure = null;
        try
        {
            var value = await pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    try
                    {
                        return await call(token).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        lastFailure = ex;
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return new ApiResult<T>(value, TargetOutcome.Ok, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The port promises a typed outcome for anything the API answered; nothing may escape.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // A breaker that opens during this call's retries stops them, but what this call met is the failure
            // that opened it; CircuitOpen is for a call that sent nothing.
            var (outcome, detail) = ex is BrokenCircuitException && lastFailure is not null
                ? ApiFailures.Classify(lastFailure, operation, attempts, attemptTimeout)
                : ApiFailures.Classify(ex, operation, attempts, attemptTimeout);
            if (ex is BrokenCircuitException && lastFailure is not null)
            {
                detail += "; the circuit is now open";
            }

            Log.CallFailed(logger, target, operation.ToString(), outcome, detail);
            return new ApiResult<T>(default, outcome, detail);
        }
    }
}

/// <summary>A call's value, or the outcome and detail it failed with.</summary>
internal readonly record struct ApiResult<T>(T? Value, TargetOutcome Outcome, string? Detail)
{
    public bool Succeeded => Outcome == TargetOutcome.Ok;
}
