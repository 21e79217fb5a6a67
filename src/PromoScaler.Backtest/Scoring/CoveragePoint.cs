using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Scoring;

/// <summary>
/// One point of a coverage sweep (<c>--coverage-sweep</c>): the calibrated policy replayed at another declared
/// coverage, its figures, the coverage it achieved and where it falls on the HPA frontier.
/// </summary>
/// <param name="Coverage">The declared coverage.</param>
/// <param name="Score">The run's figures.</param>
/// <param name="AchievedCoverage">1 - overloaded seconds / scored seconds.</param>
/// <param name="Comparison">Against the HPA frontier at equal cost.</param>
public sealed record CoveragePoint(Percentage Coverage, ScoreCard Score, double AchievedCoverage, FrontierComparison Comparison);
