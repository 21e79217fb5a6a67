using PromoScaler.Daemon.History;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;
using PromoScaler.Core.Runtime;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;

namespace PromoScaler.Daemon.Evaluation;

/// <summary>
/// Leadership terms and the state they read: every replica reads the stored state at start, and a follower that
/// becomes leader reads it again, so it continues from what the previous leader last wrote rather than from its own
/// unwritten memory. What is read replaces the operator intent, the decision history and each policy's memory.
/// </summary>
internal sealed class StateReloads(StateKeeper state, OperatorIntentBook intent, DecisionLog decisions, ILeadership leadership)
{
    private int _term;

    /// <summary>True once the stored state has been read.</summary>
    public bool Loaded { get; private set; }

    /// <summary>The stored memory of <paramref name="policy"/>, once the state is loaded; null before.</summary>
    public PolicyMemory? MemoryOf(string policy) =>
        Loaded ? new PolicyMemory(state.EngineStateOf(policy), state.ForecastGateOf(policy)) : null;

    /// <summary>Reads the state when this replica has not yet, or has just begun a term as leader; restores <paramref name="slots"/>.</summary>
    public async Task LoadWhenNeededAsync(IReadOnlyList<PolicySlot> slots, CancellationToken cancellationToken)
    {
        var term = leadership.Term;
        if (Loaded && !(leadership.IsLeader == true && term != _term))
        {
            return;
        }

        if (!await state.LoadAsync(cancellationToken))
        {
            return; // the store could not be read: nothing replaced, tried again next round
        }

        intent.Restore(state.Intent ?? IntentSnapshot.Empty);
        decisions.Restore(state.History());
        Loaded = true;
        foreach (var slot in slots)
        {
            slot.Runtime?.Restore(MemoryOf(slot.Name)!);
        }

        _term = term;
    }

    /// <summary>Keeps what a tick left in a policy's runtime, for the next flush.</summary>
    public void Keep(PolicySlot slot, PolicyRuntime runtime, DateTimeOffset now)
    {
        var memory = runtime.Export();
        state.SetEngineState(slot.Name, memory.Engine, now);
        if (memory.Gate is { } gate)
        {
            state.SetForecastGate(slot.Name, gate);
        }

        state.MarkChanged();
    }
}
