namespace PromoScaler.Backtest.Scoring;

/// <summary>Where the policy's cost falls on the HPA frontier.</summary>
public enum FrontierPosition
{
    /// <summary>Between two frontier points: compared by linear interpolation.</summary>
    Inside,
    /// <summary>Cheaper than the cheapest frontier point: no comparison.</summary>
    BelowFrontier,
    /// <summary>Dearer than the dearest frontier point: no comparison.</summary>
    AboveFrontier,
}

/// <summary>
/// "HPA overload at equal cost" (spec "Backtest model", baselines): the HPA frontier's overloaded seconds,
/// interpolated linearly between the two points that bracket the policy's replica-hours; outside the frontier there
/// is no comparison and nothing is extrapolated.
/// </summary>
/// <param name="Position">Where the policy's cost falls.</param>
/// <param name="HpaOverloadedSecondsAtEqualCost">Null outside the frontier.</param>
/// <param name="RatioVsHpa">
/// Policy overloaded seconds / HPA's at equal cost; null outside the frontier, and null when HPA is never overloaded
/// at that cost but the policy is. Both zero gives 1 (neither is better).
/// </param>
public sealed record FrontierComparison(FrontierPosition Position, double? HpaOverloadedSecondsAtEqualCost, double? RatioVsHpa)
{
    /// <summary>Compares a policy costing <paramref name="replicaHours"/> and overloaded <paramref name="overloadedSeconds"/>.</summary>
    public static FrontierComparison Compare(double replicaHours, double overloadedSeconds, IReadOnlyList<FrontierPoint> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        var points = frontier.OrderBy(p => p.Score.ReplicaHours).ToArray();
        if (points.Length == 0 || replicaHours < points[0].Score.ReplicaHours)
        {
            return new FrontierComparison(FrontierPosition.BelowFrontier, null, null);
        }

        if (replicaHours > points[^1].Score.ReplicaHours)
        {
            return new FrontierComparison(FrontierPosition.AboveFrontier, null, null);
        }

        for (var i = 0; i < points.Length; i++)
        {
            var a = points[i].Score;
            var b = i + 1 < points.Length ? points[i + 1].Score : a;
            if (replicaHours >= a.ReplicaHours && replicaHours <= b.ReplicaHours)
            {
                var span = b.ReplicaHours - a.ReplicaHours;
                var hpa = span <= 0
                    ? Math.Min(a.OverloadedSeconds, b.OverloadedSeconds)
                    : a.OverloadedSeconds + (replicaHours - a.ReplicaHours) / span * (b.OverloadedSeconds - a.OverloadedSeconds);
                double? ratio = hpa > 0 ? overloadedSeconds / hpa : overloadedSeconds == 0 ? 1.0 : null;
                return new FrontierComparison(FrontierPosition.Inside, hpa, ratio);
            }
        }

        return new FrontierComparison(FrontierPosition.AboveFrontier, null, null);
    }
}
