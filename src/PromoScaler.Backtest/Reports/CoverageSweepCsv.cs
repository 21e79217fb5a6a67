using System.Globalization;
using PromoScaler.Backtest.Scoring;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// <c>DIR/coverage-sweep.csv</c>: one row per declared coverage of a sweep, the policy's cost/overload point beside
/// HPA's at equal cost. Header
/// <c>coverage,achieved_coverage,replica_hours,overloaded_seconds,scale_events_per_day,hpa_overloaded_seconds_at_equal_cost,ratio_vs_hpa</c>;
/// empty cells where there is no comparison (outside the frontier).
/// </summary>
public static class CoverageSweepCsv
{
    public const string FileName = "coverage-sweep.csv";

    /// <summary>Writes the file whole (a temporary file, then renamed) and returns its path.</summary>
    public static string Write(string directory, IReadOnlyList<CoveragePoint> sweep, BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(result);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            writer.WriteLine("coverage,achieved_coverage,replica_hours,overloaded_seconds,scale_events_per_day,hpa_overloaded_seconds_at_equal_cost,ratio_vs_hpa");
            foreach (var point in sweep)
            {
                writer.WriteLine(string.Join(',', F(point.Coverage.Fraction), F(point.AchievedCoverage), F(point.Score.ReplicaHours), F(point.Score.OverloadedSeconds),
                    F(result.EventsPerDay(point.Score)), F(point.Comparison.HpaOverloadedSecondsAtEqualCost), F(point.Comparison.RatioVsHpa)));
            }
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static string F(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
