namespace PromoScaler.Backtest;

/// <summary>Progress of a backtest: which run, and how far it is (0..1).</summary>
public readonly record struct BacktestProgress(string Run, double Fraction);
