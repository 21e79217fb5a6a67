namespace PromoScaler.Backtest.Scoring.Windows;

/// <summary>How the policy did in one announced window (console table, summary.json <c>windows</c>, windows.csv).</summary>
/// <param name="Window">The occurrence and the stretch it is scored on.</param>
/// <param name="Floor">
/// The floor the pre-warm asked for: <c>replicas</c>, or ceil(multiplier x the count running before start - lead);
/// null for a freeze, or a multiplier whose baseline lies before the scored range.
/// </param>
/// <param name="ReadyAt">
/// The first grid point at or after the start where ready capacity (ready x C) reached demand, before the window
/// ends; null when it never did.
/// </param>
/// <param name="OverloadedSeconds">15 x grid points of [ScoredFrom, ScoredTo] with demand above capacity.</param>
/// <param name="OverloadedDemandFraction">Unserved demand / demand over the same points.</param>
/// <param name="PeakDemand">The largest demand over those points (NaN when none had data).</param>
/// <param name="PeakCapacity">The largest ready capacity over those points.</param>
/// <param name="ReplicaHours">The policy's requested replicas x 15s over those points.</param>
/// <param name="HpaReplicaHours">The hpa baseline's, over the same points.</param>
/// <param name="OracleReplicaHours">ceil(demand / C) x 15s over the same points.</param>
/// <param name="ExtraReplicaHours">
/// What the window costs: the policy's replica-hours less those of the same policy replayed without the window's
/// entry, from this occurrence's start - lead until the entry's next occurrence does (the whole difference for a
/// one-off window).
/// </param>
/// <param name="HpaReplicaHoursAtEqualOverload">
/// What HPA would spend in this window to be overloaded as long as the policy was in it: each HPA frontier point
/// (HPA aiming at 20%, 25%, ... 100% of C over the whole range) is scored on the same grid points, and its
/// replica-hours there are interpolated linearly between the two points whose overloaded seconds there bracket
/// the policy's (<see cref="EqualOverload"/>). Null when no HPA target is overloaded that little (or that much)
/// in the window, and when the frontier was not run.
/// </param>
public sealed record WindowScore(
    WindowOccurrence Window,
    int? Floor,
    DateTimeOffset? ReadyAt,
    double OverloadedSeconds,
    double OverloadedDemandFraction,
    double PeakDemand,
    double PeakCapacity,
    double ReplicaHours,
    double HpaReplicaHours,
    double OracleReplicaHours,
    double ExtraReplicaHours,
    double? HpaReplicaHoursAtEqualOverload)
{
    /// <summary>
    /// What calibrated sizing had learned by the last tick of the scored span inside this window: the in-window beta,
    /// the rises remembered inside the policy's windows (past occurrences and this one so far), and the largest
    /// growth it added to R for a rising trend. Null when the policy is not calibrated or decided nothing inside.
    /// </summary>
    public WindowLearned? Learned { get; init; }

    /// <summary>How long after the start capacity reached demand; null when it never did.</summary>
    public TimeSpan? ReadyAfter => ReadyAt - Window.Start;
}

/// <summary>What calibrated sizing learned inside one window occurrence (see <see cref="WindowScore.Learned"/>).</summary>
/// <param name="Beta">The in-window beta at the last tick of the scored span (null: no rise remembered yet).</param>
/// <param name="Rises">Rises remembered inside the policy's windows at that tick.</param>
/// <param name="PeakGrowth">The largest trend growth added to R over the span (replicas).</param>
public sealed record WindowLearned(double? Beta, int Rises, double PeakGrowth);
