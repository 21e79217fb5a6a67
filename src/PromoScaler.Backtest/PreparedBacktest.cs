using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest;

/// <summary>
/// A backtest whose inputs have all been checked (<see cref="BacktestRunner.Prepare(ScalingPolicy, Trace, BacktestSettings)"/>):
/// the resolved range, demand metric and C. A command prepares once, reports any input error before any work,
/// and runs what it prepared.
/// </summary>
/// <param name="Policy">The policy as loaded.</param>
/// <param name="Settings">Range, signal and ablations as given.</param>
/// <param name="Context">The replay's curves and resolved range.</param>
/// <param name="CapacityPerReplica">C, resolved.</param>
public sealed record PreparedBacktest(ScalingPolicy Policy, BacktestSettings Settings, ReplayContext Context, double CapacityPerReplica)
{
    /// <summary>How many policy ticks the scored range holds at the policy's interval.</summary>
    public long Ticks => (Context.To - Context.From).Ticks / Policy.Spec.Interval.Ticks;

    /// <summary>Holes in the trace and scored grid points without data, found while preparing.</summary>
    public DataQuality DataQuality { get; init; } = new([], 0, 0);

    /// <summary>For a pod policy with <c>hostedBy</c>: the VM group policy it names, when loaded with it (its bounds are reported).</summary>
    public ScalingPolicy? HostGroup { get; init; }
}
