namespace PromoScaler.Backtest.Scoring;

/// <summary>HPA aiming at <paramref name="Fraction"/> x C, and how it scored.</summary>
public sealed record FrontierPoint(double Fraction, double TargetPerReplica, ScoreCard Score);
