namespace PromoScaler.Backtest.Scoring;

/// <summary>
/// The scoring sums of one run, fed grid point by grid point in grid order, so a run can be scored while it is
/// replayed without keeping its per-point counts (the frontier's runs keep nothing else). Fed in the same order, it
/// adds the same numbers in the same order as scoring the recorded arrays, so the figures are bit-identical.
/// Given stretches of the grid (the announced windows' scored spans), it also keeps each stretch's overloaded
/// seconds and replica-hours: the running totals are noted as the grid passes each stretch's ends, and a stretch's
/// figures are the difference, so this costs one comparison per point whatever the number of windows.
/// </summary>
internal sealed class ScoreAccumulator
{
    private const double GridHours = 15.0 / 3600.0;

    private readonly double[] _demand;
    private readonly double _capacityPerReplica;
    private readonly IReadOnlyList<GridStretch> _stretches;
    private readonly int[] _ends;
    private readonly (int Overloaded, long Requested)[] _totalsAtEnds;
    private int _overloadedPoints;
    private double _unserved;
    private double _total;
    private long _requestedSum;
    private int _peak;
    private int _nextEnd;

    /// <param name="gridDemand">Demand at each grid point, NaN where undefined.</param>
    /// <param name="capacityPerReplica">C.</param>
    /// <param name="stretches">Stretches whose own figures are kept (<see cref="StretchScores"/>); none by default.</param>
    public ScoreAccumulator(double[] gridDemand, double capacityPerReplica, IReadOnlyList<GridStretch>? stretches = null)
    {
        _demand = gridDemand;
        _capacityPerReplica = capacityPerReplica;
        _stretches = stretches ?? [];
        _ends = [.. _stretches.SelectMany(s => new[] { s.From, s.To }).Distinct().Order()];
        _totalsAtEnds = new (int, long)[_ends.Length];
    }

    /// <summary>Adds grid point <paramref name="i"/>, where <paramref name="requested"/> were asked for and <paramref name="ready"/> served.</summary>
    public void Add(int i, int requested, int ready)
    {
        while (_nextEnd < _ends.Length && _ends[_nextEnd] <= i)
        {
            _totalsAtEnds[_nextEnd++] = (_overloadedPoints, _requestedSum);
        }

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

    /// <summary>Each stretch's overloaded seconds and replica-hours so far, in the order the stretches were given.</summary>
    public IReadOnlyList<StretchScore> StretchScores()
    {
        var scores = new StretchScore[_stretches.Count];
        for (var k = 0; k < scores.Length; k++)
        {
            var (overloadedFrom, requestedFrom) = TotalsBefore(_stretches[k].From);
            var (overloadedTo, requestedTo) = TotalsBefore(_stretches[k].To);
            scores[k] = new StretchScore(15.0 * (overloadedTo - overloadedFrom), (requestedTo - requestedFrom) * GridHours);
        }

        return scores;
    }

    // An end the grid has not passed yet (the grid's own end) takes the totals so far.
    private (int Overloaded, long Requested) TotalsBefore(int point)
    {
        var k = Array.BinarySearch(_ends, point);
        return k < _nextEnd ? _totalsAtEnds[k] : (_overloadedPoints, _requestedSum);
    }
}

/// <summary>Grid points [<paramref name="From"/>, <paramref name="To"/>).</summary>
internal readonly record struct GridStretch(int From, int To);

/// <summary>A run's figures over one stretch of the grid.</summary>
/// <param name="OverloadedSeconds">15 x its grid points with demand above capacity.</param>
/// <param name="ReplicaHours">Requested replicas x 15s over it, in hours.</param>
public readonly record struct StretchScore(double OverloadedSeconds, double ReplicaHours);
