using System.Globalization;
using PromoScaler.Backtest.Replay;

namespace PromoScaler.Backtest;

/// <summary>
/// The capacity per replica C must fit the trace it scores: every figure of a backtest is demand / C in replicas
/// (the oracle's count, capacity, overload), so a C six orders of magnitude from the demand makes them meaningless
/// (1e-300 overflows the oracle's replica-hours into negative numbers; 1e300 makes every figure zero). Checked
/// before the run, against the peak demand of the scored range.
/// </summary>
public static class CapacityBounds
{
    /// <summary>
    /// The most replicas the oracle may need at the peak: 1,000,000, several times the largest Kubernetes cluster
    /// (150,000 pods); a smaller C is refused.
    /// </summary>
    public const double MaxOracleReplicas = 1_000_000;

    /// <summary>
    /// How many times the peak demand C may be: 1,000,000 (one replica would then serve the whole peak a million
    /// times over, and every policy scores the same); a larger C is refused.
    /// </summary>
    public const double MaxPeakMultiple = 1_000_000;

    /// <summary>Throws when <paramref name="capacity"/> does not fit the scored demand; <paramref name="source"/> names where C came from.</summary>
    /// <exception cref="BacktestInputException">C is out of the bounds the trace's peak demand sets.</exception>
    public static void Check(ReplayContext context, double capacity, string source)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peak = context.GridDemand.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (!(peak > 0))
        {
            return;
        }

        var low = peak / MaxOracleReplicas;
        var high = peak * MaxPeakMultiple;
        if (capacity < low || capacity > high)
        {
            throw new BacktestInputException(
                $"{source}: {Number(capacity)} does not fit this trace, whose peak demand is {Number(peak)}: C must be within {Number(low)} .. {Number(high)} " +
                $"(at most {MaxOracleReplicas.ToString("N0", CultureInfo.InvariantCulture)} replicas at the peak, at most {MaxPeakMultiple.ToString("N0", CultureInfo.InvariantCulture)} times the peak), or every figure would be meaningless");
        }
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
