namespace PromoScaler.Backtest.Scoring;

/// <summary>
/// The scoring sums of one run, fed grid point by grid point in grid order, so a run can be scored while it is
/// replayed without keeping its per-point counts (the frontier's runs keep nothing else). Fed in the same order, it
/// adds the same numbers in the same order as scoring the recorded arrays, so the figures are bit-identical.
/// </summary>
internal sealed class ScoreAccumulator
{
    private const double GridHours = 15.0 / 3600.0;

    private readonly double[] _demand;
    private readonly double _capacityPerReplica;
    private int _overloadedPoints;
    private double _unserved;
    private double _total;
    private long _requestedSum;
    private int _peak;

    /// <param name="gridDemand">Demand at each grid point, NaN where undefined.</param>
    /// <param name="capacityPerReplica">C.</param>
    public ScoreAccumulator(double[] gridDemand, double capacityPerReplica)
    {
        _demand = gridDemand;
        _capacityPerReplica = capacityPerReplica;
    }

    /// <summary>Adds grid point <paramref name="i"/>, where <paramref name="requested"/> were asked for and <paramref name="ready"/> served.</summary>
    public void Add(int i, int requested, int ready)
    {
        _requestedSum += requested;
        _peak = Math.Max(_peak, requested);
        var d = _demand[i];
        if (double.IsNaN(d))
        {
            return;
        }

        var capacity = ready * _capacityPerReplica;
        if (d > capacity)
        {
            _overloadedPoints++;
            _unserved += d - capacity;
        }

        _total += Math.Max(0, d);
    }

    /// <summary>The figures so far.</summary>
    /// <param name="oracleReplicaHours">The oracle's cost over the same grid (shared by every run).</param>
    /// <param name="scaleEvents">The run's scale events.</param>
    public ScoreCard ToScoreCard(double oracleReplicaHours, int scaleEvents) => new(
        15.0 * _overloadedPoints,
        _total > 0 ? _unserved / _total : 0.0,
        _requestedSum * GridHours,
        oracleReplicaHours,
        _peak,
        scaleEvents);
}
