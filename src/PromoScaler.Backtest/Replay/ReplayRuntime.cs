using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// The backtest's driver of a <see cref="PolicyRuntime"/>: the same object the daemon drives, reading the trace
/// instead of Prometheus. Its readings measure the demand of D + W/2 ago and a step sample exists once it is D old,
/// which the runtime is told; everything else (which models, how they are fed and gated) is the runtime's.
/// </summary>
internal static class ReplayRuntime
{
    /// <param name="policy">The policy replayed.</param>
    /// <param name="context">The trace, its delay and window.</param>
    /// <param name="foresight">Perfect foresight in place of the model; null: the policy's own model.</param>
    /// <param name="decide">The decision engine.</param>
    public static PolicyRuntime For(ScalingPolicy policy, ReplayContext context, IForecastFeed? foresight, Func<DecisionInput, Decision> decide) =>
        new(policy, new RuntimeSettings
        {
            History = new TraceReadings(context),
            StepHistory = new TraceSteps(context),
            SignalLag = context.Delay + (context.Window / 2),
            SampleDelay = context.Delay,
            Foresight = foresight is null ? null : foresight.Read,
            Engine = decide,
        });

    /// <summary>The readings of a tick at <paramref name="t"/> and what the models say (the trace answers at once).</summary>
    public static TickSignals Read(PolicyRuntime runtime, ReplayContext context, DateTimeOffset t)
    {
        var metrics = runtime.Policy.Spec.Metrics;
        var readings = new MetricReading[metrics.Count];
        for (var m = 0; m < metrics.Count; m++)
        {
            readings[m] = context.ReadingAt(metrics[m].Name, t);
        }

        var pending = runtime.ReadAsync(t, readings, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One tick at <paramref name="t"/>: read, decide from what the target reports, keep the decision.</summary>
    public static (Decision Decision, TickSignals Signals) Tick(PolicyRuntime runtime, ReplayContext context, DateTimeOffset t, TargetObservation observation)
    {
        var signals = Read(runtime, context, t);
        var decision = runtime.Decide(signals, observation, OperatorControls.None);
        runtime.Commit(signals, decision);
        return (decision, signals);
    }
}
