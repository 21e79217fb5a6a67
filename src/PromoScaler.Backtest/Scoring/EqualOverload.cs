namespace PromoScaler.Backtest.Scoring;

/// <summary>
/// "HPA cost at equal overload", the mirror of <see cref="FrontierComparison"/>: the HPA frontier's replica-hours,
/// interpolated linearly between the two points (in cost order) whose overloaded seconds bracket the policy's;
/// the cheapest such stretch when the frontier is not monotone. Outside the frontier there is no figure, never an
/// extrapolation. The same rule serves the whole run and each announced window (the frontier's figures over the
/// window's scored span).
/// </summary>
public static class EqualOverload
{
    /// <summary>The frontier's replica-hours at <paramref name="overloadedSeconds"/> over the whole run, or null outside it.</summary>
    public static double? HpaReplicaHours(double overloadedSeconds, IReadOnlyList<FrontierPoint> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        return HpaReplicaHours(overloadedSeconds, frontier.Select(p => new StretchScore(p.Score.OverloadedSeconds, p.Score.ReplicaHours)));
    }

    /// <summary>
    /// The replica-hours of <paramref name="frontier"/> (one HPA target's figures each, over the same span) at
    /// <paramref name="overloadedSeconds"/>, or null outside it.
    /// </summary>
    public static double? HpaReplicaHours(double overloadedSeconds, IEnumerable<StretchScore> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        var points = frontier.OrderBy(s => s.ReplicaHours).ToArray();
        for (var i = 0; i < points.Length; i++)
        {
            var a = points[i];
            var b = i + 1 < points.Length ? points[i + 1] : a;
            var low = Math.Min(a.OverloadedSeconds, b.OverloadedSeconds);
            var high = Math.Max(a.OverloadedSeconds, b.OverloadedSeconds);
            if (overloadedSeconds < low || overloadedSeconds > high)
            {
                continue;
            }

            var span = b.OverloadedSeconds - a.OverloadedSeconds;
            return span == 0
                ? Math.Min(a.ReplicaHours, b.ReplicaHours)
                : a.ReplicaHours + ((overloadedSeconds - a.OverloadedSeconds) / span * (b.ReplicaHours - a.ReplicaHours));
        }

        return null;
    }
}
