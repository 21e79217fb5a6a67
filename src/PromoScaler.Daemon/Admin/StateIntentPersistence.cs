using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;

namespace PromoScaler.Daemon.Admin;

/// <summary>
/// Operator intent made durable in the daemon's state document, by the leader only: a follower refuses, naming the
/// leader, so the API answers 503 and nothing changes anywhere.
/// </summary>
internal sealed class StateIntentPersistence(StateKeeper state, ILeadership leadership) : IIntentPersistence
{
    public async ValueTask<IntentPersistResult> PersistAsync(IntentSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (leadership.IsLeader != true)
        {
            return IntentPersistResult.Refused(leadership.Holder is { Length: > 0 } holder
                ? $"this replica is not the leader; send changes to the leader {holder}"
                : "this replica is not the leader and no leader is known yet; try again in a moment");
        }

        if (!leadership.MayWrite(out var refusal))
        {
            return IntentPersistResult.Refused(refusal + "; try again in a moment");
        }

        return await state.PersistIntentAsync(snapshot, cancellationToken) is { } problem
            ? IntentPersistResult.Refused(problem)
            : IntentPersistResult.Ok;
    }
}
