using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.Status;

/// <summary>
/// Told of every policy tick where the evaluator records it, so other parts (the ScalingPolicy status writer) follow
/// the decisions without touching the loop. Called on the tick's thread: it must only take note, never wait.
/// </summary>
public interface IDecisionObserver
{
    void Observed(PolicyTick tick);
}

/// <summary>What one tick of a policy ended with.</summary>
/// <param name="Policy">The policy as evaluated.</param>
/// <param name="At">The tick's instant.</param>
/// <param name="Decision">The decision; null when the tick stopped early.</param>
/// <param name="Write">The write's outcome label (<c>ok</c>, <c>dryRun</c>, <c>notLeader</c>, an outcome in camelCase); null when nothing was to be written.</param>
/// <param name="Problem">Why the tick stopped early (the target could not be read), or null.</param>
/// <param name="MetricProblem">Why a metric could not be read, or null.</param>
public sealed record PolicyTick(ScalingPolicy Policy, DateTimeOffset At, Decision? Decision, string? Write, string? Problem, string? MetricProblem);

/// <summary>Telling every observer of a tick.</summary>
internal static class DecisionObservers
{
    /// <summary>Tells each observer what <paramref name="report"/> says of <paramref name="policy"/>, and returns the report.</summary>
    public static Evaluation.TickReport Tell(this IDecisionObserver[] observers, ScalingPolicy policy, string? metricProblem, Evaluation.TickReport report)
    {
        foreach (var observer in observers)
        {
            observer.Observed(new PolicyTick(policy, report.At, report.Decision, report.Write, report.Problem, metricProblem));
        }

        return report;
    }
}
