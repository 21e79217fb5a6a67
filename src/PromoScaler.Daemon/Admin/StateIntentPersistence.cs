using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;

namespace PromoScaler.Daemon.Admin;

/// <summary>
/// Operator intent made durable in the daemon's state document, by the leader only (with sharding: by the holder of
/// the changed policy's shard): any other replica refuses, naming the one to ask, so the API answers 503 and
/// nothing changes anywhere.
/// </summary>
internal sealed class StateIntentPersistence(StateKeeper state, ILeadership leadership) : IIntentPersistence
{
    public async ValueTask<IntentPersistResult> PersistAsync(IntentSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // The change is the newest audit entry: its policy's writer is the one that must store it.
        var policy = snapshot.Audit.Count > 0 ? snapshot.Audit[^1].Policy : null;
        var owner = policy is null ? leadership.Holder : leadership.HolderOf(policy);
        if (leadership.IsLeader != true)
        {
            return IntentPersistResult.Refused(owner is { Length: > 0 }
                ? $"this replica is not the leader; send changes to the leader {owner}"
                : "this replica is not the leader and no leader is known yet; try again in a moment");
        }

        if (policy is not null ? !leadership.MayWrite(policy, out var refusal) : !leadership.MayWrite(out refusal))
        {
            return IntentPersistResult.Refused(owner is { Length: > 0 } && refusal.Contains(" is held by ", StringComparison.Ordinal)
                ? $"{refusal}; send changes of {policy} to {owner}"
                : refusal + "; try again in a moment");
        }

        return await state.PersistIntentAsync(snapshot, cancellationToken) is { } problem
            ? IntentPersistResult.Refused(problem)
            : IntentPersistResult.Ok;
    }
}
