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
}

/// <summary>Without leader election the one replica always leads.</summary>
public sealed class SoleReplica : ILeadership
{
    public bool? IsLeader => true;

    public int Term => 1;
}
