namespace PromoScaler.Backtest.Scoring;

/// <summary>The figures of one run on the 15s scoring grid (spec "Backtest model", scoring).</summary>
/// <param name="OverloadedSeconds">15 x grid points with demand above capacity (ready x C).</param>
/// <param name="OverloadedDemandFraction">Sum of max(0, demand - capacity) / sum of demand.</param>
/// <param name="ReplicaHours">Requested replicas x 15s, in hours (a replica costs from the moment it is asked for).</param>
/// <param name="OracleReplicaHours">ceil(demand / C) x 15s, in hours: perfect foresight, no startup, no limits.</param>
/// <param name="PeakReplicas">The largest requested count.</param>
/// <param name="ScaleEvents">Ticks whose decision changed the requested count.</param>
public sealed record ScoreCard(
    double OverloadedSeconds,
    double OverloadedDemandFraction,
    double ReplicaHours,
    double OracleReplicaHours,
    int PeakReplicas,
    int ScaleEvents)
{
    /// <summary>Replica-hours against the oracle's (null when the oracle needs none).</summary>
    public double? CostVsOracle => OracleReplicaHours > 0 ? ReplicaHours / OracleReplicaHours : null;
}
