using System.Globalization;
using PromoScaler.Backtest.Replay;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Traces;

/// <summary>One hole of one metric's trace column.</summary>
/// <param name="Metric">The policy metric the column feeds.</param>
/// <param name="Hole">Where d is undefined, and why.</param>
/// <param name="MedianStep">The column's median row step (a hole's rows are more than 3 x this apart).</param>
public sealed record TraceHole(string Metric, CurveHole Hole, TimeSpan MedianStep)
{
    /// <summary>The warning line: where the hole is and why.</summary>
    public override string ToString()
    {
        var cause = Hole.RowGap
            ? $"rows {Duration.Describe(Hole.To - Hole.From)} apart, more than 3 x the median step {Duration.Describe(MedianStep)}"
            : $"{Hole.EmptyCells} empty or NaN value(s)";
        if (Hole.RowGap && Hole.EmptyCells > 0)
        {
            cause += $", and {Hole.EmptyCells} empty or NaN value(s)";
        }

        return $"{Metric}: no data from {Instant.Format(Hole.From)} to {Instant.Format(Hole.To)} ({cause})";
    }
}

/// <summary>
/// How much of a backtest's input has data (summary.json <c>dataQuality</c>): the holes of every metric's column up
/// to the end of scoring (the spec's rule: rows more than 3 x the median step apart, or empty or NaN cells; from
/// Prometheus, steps where the query had no value), and the scored grid points where the demand is undefined.
/// A grid point without data scores as neither served nor overloaded, so a mostly empty range would look good.
/// </summary>
/// <param name="Holes">Every hole before the end of scoring, by metric then time.</param>
/// <param name="GridPoints">Scored grid points.</param>
/// <param name="GridPointsWithoutData">Those where the demand is undefined.</param>
public sealed record DataQuality(IReadOnlyList<TraceHole> Holes, int GridPoints, int GridPointsWithoutData)
{
    /// <summary>More than this fraction of the scored grid without data refuses the backtest (unless allowed).</summary>
    public const double MaxFractionWithoutData = 0.5;

    /// <summary>The scored grid points without data, as a fraction.</summary>
    public double FractionWithoutData => GridPoints == 0 ? 0 : (double)GridPointsWithoutData / GridPoints;

    /// <summary>The data quality of <paramref name="context"/>'s columns and grid.</summary>
    public static DataQuality Of(ReplayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var holes = new List<TraceHole>();
        foreach (var (metric, curve) in context.Curves.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            holes.AddRange(curve.Holes().TakeWhile(h => h.From < context.To).Select(h => new TraceHole(metric, h, curve.MedianStep)));
        }

        return new DataQuality(holes, context.GridDemand.Length, context.GridDemand.Count(double.IsNaN));
    }

    /// <summary>
    /// Refuses a scored range that is mostly without data: figures over it would mostly count nothing.
    /// </summary>
    /// <exception cref="BacktestInputException">More than half of the scored grid has no data and gaps are not allowed.</exception>
    public void EnsureEnoughData(ReplayContext context, bool allowGaps)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (allowGaps || FractionWithoutData <= MaxFractionWithoutData)
        {
            return;
        }

        throw new BacktestInputException(
            $"{GridPointsWithoutData.ToString("#,0", CultureInfo.InvariantCulture)} of {GridPoints.ToString("#,0", CultureInfo.InvariantCulture)} scored grid points " +
            $"({FractionWithoutData.ToString("0.#%", CultureInfo.InvariantCulture)}) have no {context.DemandMetric} data: more than half of the range is a hole, " +
            "so its figures would mostly count nothing; choose --from/--to where the data is, or pass --allow-gaps to score it anyway");
    }
}
