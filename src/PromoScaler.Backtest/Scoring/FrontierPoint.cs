namespace PromoScaler.Backtest.Scoring;

/// <summary>HPA aiming at <paramref name="Fraction"/> x C, and how it scored.</summary>
public sealed record FrontierPoint(double Fraction, double TargetPerReplica, ScoreCard Score)
{
    /// <summary>
    /// Its figures over each announced window's scored span, in the order of <see cref="BacktestResult.Windows"/>
    /// (empty when windows were not scored): the per-window frontier "HPA cost at equal overload" is read from.
    /// </summary>
    public IReadOnlyList<StretchScore> Windows { get; init; } = [];
}
