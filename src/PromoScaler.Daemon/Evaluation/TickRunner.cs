using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Scheduling;
using PromoScaler.Daemon.Telemetry;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// Runs one policy's tick inside its own budget (<c>TickTimeout</c>), in a log scope naming policy and target, within
/// the adaptive concurrency limit: a slow target or query holds one slot and never the rest, and a tick that throws
/// or runs over is reported, never thrown.
/// </summary>
internal sealed class TickRunner(PolicyEvaluator evaluator, DaemonMetrics telemetry, IOptions<EvaluationOptions> options, TimeProvider time, ILogger<TickRunner> logger)
{
    private readonly EvaluationOptions _options = options.Value;

    /// <summary>The limit on ticks at once (for tests and telemetry), exported as it moves.</summary>
    public AdaptiveConcurrency Concurrency { get; } = Exported(new(options.Value.MaxConcurrency), telemetry);

    public async Task<TickReport> RunAsync(PolicySlot slot, RoundInputs round, DateTimeOffset roundStart, DateTimeOffset dueSince, CancellationToken stopping)
    {
        await Concurrency.WaitAsync(stopping);
        var started = time.GetTimestamp();
        var strained = true;
        try
        {
            // A tick that fails before reaching a part must not leave that part's problem from an earlier tick.
            slot.TargetReadProblem = null;
            slot.TickProblem = null;
            telemetry.TickLag.Observe(Math.Max(0, (time.GetUtcNow() - dueSince).TotalSeconds));
            var report = await GuardedAsync(slot, round, roundStart, stopping);
            strained = report.Strained;
            return report;
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            telemetry.TickDuration.Observe(elapsed.TotalSeconds);
            Concurrency.Release(strained, elapsed);
            telemetry.ConcurrencyLimit.Set(Concurrency.Limit);
        }
    }

    private static AdaptiveConcurrency Exported(AdaptiveConcurrency concurrency, DaemonMetrics telemetry)
    {
        telemetry.ConcurrencyLimit.Set(concurrency.Limit);
        return concurrency;
    }

    private async Task<TickReport> GuardedAsync(PolicySlot slot, RoundInputs round, DateTimeOffset roundStart, CancellationToken stopping)
    {
        var policy = slot.Policy;
        using var scope = logger.BeginScope(new PolicyScope(policy.Name, policy.Spec.Target.ToString()));
        using var budget = new CancellationTokenSource(_options.TickTimeout, time);
        using var reads = CancellationTokenSource.CreateLinkedTokenSource(stopping, budget.Token);
        try
        {
            return await evaluator.EvaluateAsync(slot, round, reads.Token, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            Log.TickTimedOut(logger, _options.TickTimeout);
            return Failed(slot, roundStart, "the tick ran over its budget");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.TickFailed(logger, ex, ex.Message);
            return Failed(slot, roundStart, ex.Message);
        }
    }

    private TickReport Failed(PolicySlot slot, DateTimeOffset roundStart, string problem)
    {
        telemetry.TickFailures.WithLabels(slot.Name).Inc();
        slot.TickProblem = problem;
        return new TickReport(slot.Name, roundStart, null, null, problem) { Strained = true };
    }

    /// <summary>The log scope of one tick.</summary>
    private sealed class PolicyScope(string policy, string target) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 2;

        public KeyValuePair<string, object> this[int index] => index switch
        {
            0 => new("Policy", policy),
            1 => new("Target", target),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"Policy:{policy} Target:{target}";
    }
}
