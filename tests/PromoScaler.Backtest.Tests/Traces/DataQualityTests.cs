using System.Globalization;
using System.Text;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Backtest.Traces;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Traces;

public class DataQualityTests
{
    private static readonly BacktestRunner Runner = new(ReactiveOnlyEngine.Decide);

    /// <summary>A day of rows every minute, 299 days without rows, and another day.</summary>
    private static Trace YearHole()
    {
        var csv = new StringBuilder("timestamp,demand\n");
        foreach (var offset in new[] { TimeSpan.Zero, TimeSpan.FromDays(300) })
        {
            for (var m = 0; m < 1440; m++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{(T0 + offset + TimeSpan.FromMinutes(m)).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},20\n");
            }
        }

        return Parse(csv.ToString());
    }

    [Fact]
    public void Run_MonthsLongHole_RefusedNamingTheShareAndTheFlag()
    {
        var error = Assert.Throws<BacktestInputException>(() => Runner.Run(DemandPolicy.Builder().Build(), YearHole(), new BacktestSettings(), withFrontier: false));

        Assert.Contains("have no demand data: more than half of the range is a hole", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-gaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MonthsLongHoleAllowed_ScoresAndReportsTheHole()
    {
        var result = Runner.Run(DemandPolicy.Builder().Build(), YearHole(), new BacktestSettings(AllowGaps: true), withFrontier: false);

        var hole = Assert.Single(result.DataQuality.Holes);
        Assert.Equal(("demand", T0 + TimeSpan.FromMinutes(1439), T0 + TimeSpan.FromDays(300), true), (hole.Metric, hole.Hole.From, hole.Hole.To, hole.Hole.RowGap));
        Assert.Equal("demand: no data from 2025-01-01T23:59:00Z to 2025-10-28T00:00:00Z (rows 299d1m apart, more than 3 x the median step 1m)", hole.ToString());
        Assert.True(result.DataQuality.FractionWithoutData > 0.99, $"{result.DataQuality.FractionWithoutData}");
        Assert.Equal(result.Context.GridDemand.Count(double.IsNaN), result.DataQuality.GridPointsWithoutData);
    }

    [Fact]
    public void Of_EmptyCells_OneHoleBetweenTheRowsAroundThemWithTheirCount()
    {
        // Rows every minute; rows 10..12 are empty: d is undefined from row 9 to row 13.
        var values = Enumerable.Range(0, 60).Select(m => m is >= 10 and <= 12 ? double.NaN : 5.0);
        var trace = Parse(Csv(TimeSpan.FromMinutes(1), values, "demand").Replace(",NaN\n", ",\n", StringComparison.Ordinal));
        var context = BacktestRunner.Prepare(DemandPolicy.Builder().Build(), trace, new BacktestSettings(), out _);

        var quality = DataQuality.Of(context);

        var hole = Assert.Single(quality.Holes).Hole;
        Assert.Equal((T0 + TimeSpan.FromMinutes(9), T0 + TimeSpan.FromMinutes(13), false, 3), (hole.From, hole.To, hole.RowGap, hole.EmptyCells));
        // The grid points strictly inside (09:00, 13:00) have no data: 15 of them.
        Assert.Equal(15, quality.GridPointsWithoutData);
        quality.EnsureEnoughData(context, allowGaps: false); // a small share is scored, not refused
    }

    [Fact]
    public void Of_RegularTrace_NoHoleNoGridPointWithoutData()
    {
        var trace = Parse(Csv(TimeSpan.FromMinutes(1), Enumerable.Repeat(5.0, 60), "demand"));
        var context = BacktestRunner.Prepare(DemandPolicy.Builder().Build(), trace, new BacktestSettings(), out _);

        var quality = DataQuality.Of(context);

        Assert.Empty(quality.Holes);
        Assert.Equal(0, quality.GridPointsWithoutData);
    }
}
