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
        ArgumentNullException.ThrowIfNull(context);
        return Score(run, context, capacityPerReplica, OracleReplicaHours(context.GridDemand, capacityPerReplica));
    }

    /// <summary>Scores a run whose per-point counts were recorded, with the oracle's cost already known.</summary>
    internal static ScoreCard Score(ReplayRun run, ReplayContext context, double capacityPerReplica, double oracleReplicaHours)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(context);
        if (run.Requested.Length != context.GridDemand.Length || run.Ready.Length != context.GridDemand.Length)
        {
            throw new ArgumentException($"run {run.Name} kept no per-point counts to score", nameof(run));
        }

        var score = new ScoreAccumulator(context.GridDemand, capacityPerReplica);
        for (var i = 0; i < context.GridDemand.Length; i++)
        {
            score.Add(i, run.Requested[i], run.Ready[i]);
        }

        return score.ToScoreCard(oracleReplicaHours, run.ScaleEvents);
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
