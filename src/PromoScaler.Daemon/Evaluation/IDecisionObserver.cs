using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// Told of every policy tick, after its decision was carried out and kept, and of a tick that stopped early (the seam
/// a status writer or another publisher hooks into; register with
/// <c>services.AddSingleton&lt;IDecisionObserver, ...&gt;()</c>). Called on the tick's own task: an observer only takes
/// note and does slow work elsewhere; one that throws is logged and the tick goes on.
/// </summary>
public interface IDecisionObserver
{
    void Observed(PolicyTick tick);
}

/// <summary>What one tick of a policy ended with.</summary>
/// <param name="Policy">The policy as the round saw it.</param>
/// <param name="At">The tick's instant.</param>
/// <param name="Decision">The decision (after a write conflict, the one decided again); null when the tick stopped early.</param>
/// <param name="Write">The write's outcome label (<c>ok</c>, <c>dryRun</c>, <c>notLeader</c>, a target outcome in camelCase); null when nothing was to be written.</param>
/// <param name="Problem">Why the tick stopped early (the target could not be read), or null.</param>
/// <param name="MetricProblem">Why a metric could not be read, or null.</param>
public sealed record PolicyTick(ScalingPolicy Policy, DateTimeOffset At, Decision? Decision, string? Write, string? Problem, string? MetricProblem);
