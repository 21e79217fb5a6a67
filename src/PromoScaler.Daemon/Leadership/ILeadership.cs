using System.Diagnostics.CodeAnalysis;

namespace PromoScaler.Daemon.Leadership;

/// <summary>Whether this replica may act: write targets and the state store. Followers evaluate and serve reads.</summary>
public interface ILeadership
{
    /// <summary>True while leading, false while following, null until known.</summary>
    bool? IsLeader { get; }

    /// <summary>Counts the times this replica became leader: a change tells the loop to re-read the stored state.</summary>
    int Term { get; }

    /// <summary>The leader's identity when known (followers name it when they refuse a change); null otherwise.</summary>
    string? Holder => null;

    /// <summary>
    /// The check every writer makes right before a write (a target, the state store, an Event): true only while this
    /// replica certainly holds the lease, not merely while it last believed so. A process that was frozen past its
    /// lease wakes up with a stale belief; this answers false until a renewal succeeds again.
    /// </summary>
    /// <param name="refusal">Why not, in words for a log line or an API answer.</param>
    bool MayWrite([NotNullWhen(false)] out string? refusal);

    /// <summary>
    /// The check before writing what belongs to <paramref name="policy"/> (its target): with sharding, only the
    /// certain holder of the policy's shard may; without, the same as <see cref="MayWrite(out string?)"/>.
    /// </summary>
    bool MayWrite(string policy, [NotNullWhen(false)] out string? refusal) => MayWrite(out refusal);

    /// <summary>Whether this replica evaluates <paramref name="policy"/>: with sharding, only the holder of its shard does.</summary>
    bool Evaluates(string policy) => true;

    /// <summary>
    /// Changes whenever the set of policies this replica evaluates changes (with sharding: a bit per shard held), so
    /// runtimes are built and let go only then; constant without sharding.
    /// </summary>
    ulong Holding => 0;

    /// <summary>Who may write <paramref name="policy"/> when this replica may not (the leader, or its shard's holder); null when unknown.</summary>
    string? HolderOf(string policy) => Holder;

    /// <summary>
    /// Ends the current term from the inside: another writer was seen (a state conflict while the lease was not
    /// certain). The replica writes nothing until its lease is renewed again, then re-reads the stored state.
    /// </summary>
    void EndTerm(string reason);
}

/// <summary>Without leader election the one replica always leads.</summary>
public sealed class SoleReplica : ILeadership
{
    public bool? IsLeader => true;

    public int Term => 1;

    public bool MayWrite([NotNullWhen(false)] out string? refusal)
    {
        refusal = null;
        return true;
    }

    public void EndTerm(string reason)
    {
        // One replica, no one else to hand over to: nothing to end.
    }
}
