using PromoScaler.Backtest.Replay;

namespace PromoScaler.Backtest.Scoring;

/// <summary>
/// Scores a run on the fixed 15s grid (spec "Backtest model"). A grid point where the demand is undefined (a hole)
/// counts for cost but neither as overloaded nor in the demand sums.
/// </summary>
public static class Scorer
{
    private const double GridHours = 15.0 / 3600.0;

    /// <summary>Scores <paramref name="run"/> against the shared demand with C = <paramref name="capacityPerReplica"/>.</summary>
    public static ScoreCard Score(ReplayRun run, ReplayContext context, double capacityPerReplica)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        var demand = context.GridDemand;
        var overloadedPoints = 0;
        double unserved = 0, total = 0;
        long requestedSum = 0;
        var peak = 0;
        for (var i = 0; i < demand.Length; i++)
        {
            requestedSum += run.Requested[i];
            peak = Math.Max(peak, run.Requested[i]);
            var d = demand[i];
            if (double.IsNaN(d))
            {
                continue;
            }

            var capacity = run.Ready[i] * capacityPerReplica;
            if (d > capacity)
            {
                overloadedPoints++;
                unserved += d - capacity;
            }

            total += Math.Max(0, d);
        }

        return new ScoreCard(
            15.0 * overloadedPoints,
            total > 0 ? unserved / total : 0.0,
            requestedSum * GridHours,
            OracleReplicaHours(demand, capacityPerReplica),
            peak,
            run.ScaleEvents);
    }

    /// <summary>ceil(demand / C) x 15s summed over the grid, in hours.</summary>
    public static double OracleReplicaHours(IReadOnlyList<double> gridDemand, double capacityPerReplica)
    {
        ArgumentNullException.ThrowIfNull(gridDemand);
        long replicas = 0;
        foreach (var d in gridDemand)
        {
            if (!double.IsNaN(d) && d > 0)
            {
                replicas += CeilForgiving(d / capacityPerReplica);
            }
        }

        return replicas * GridHours;
    }

    /// <summary>
    /// ceil(x) forgiving a relative error of 1e-9, as the engine rounds replica counts: 2.1 / 0.3 is
    /// 7.000000000000001 in binary floating point and must give 7, not 8.
    /// </summary>
    private static long CeilForgiving(double x) => (long)Math.Ceiling(x - (1e-9 * Math.Max(1.0, x)));
}
