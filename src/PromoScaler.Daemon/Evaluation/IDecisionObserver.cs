using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// Told of every decision a tick took, after it was carried out and kept (the seam a status writer or another
/// publisher hooks into; register with <c>services.AddSingleton&lt;IDecisionObserver, ...&gt;()</c>). Called on the
/// tick's own task: an observer returns at once and does slow work elsewhere; one that throws is logged and the tick
/// goes on.
/// </summary>
public interface IDecisionObserver
{
    /// <param name="policy">The policy as the round saw it.</param>
    /// <param name="decision">The decision (after a write conflict, the one decided again).</param>
    /// <param name="write">The write's outcome label (<c>ok</c>, <c>dryRun</c>, <c>notLeader</c>, a target outcome); null when nothing was to be written.</param>
    void Decided(ScalingPolicy policy, Decision decision, string? write);
}
