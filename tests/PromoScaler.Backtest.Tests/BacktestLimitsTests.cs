using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Backtest.Traces;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests;

/// <summary>The stated limits of a backtest are checked by Prepare, before anything is allocated for the run.</summary>
public class BacktestLimitsTests
{
    [Fact]
    public void Prepare_TraceSpanningCenturies_RefusedBeforeAnyWork()
    {
        var trace = Parse("timestamp,value\n1900-01-01T00:00:00Z,1\n2200-01-01T00:00:00Z,2\n", "centuries.csv");

        var error = Assert.Throws<BacktestInputException>(() => BacktestRunner.Prepare(DemandPolicy.Builder().Build(), trace, new BacktestSettings()));

        Assert.Contains("longer than the limit of 366d", error.Message, StringComparison.Ordinal);
        Assert.Contains("2,108,160 grid points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_ExactlyTheLongestRange_Accepted()
    {
        var trace = Parse("timestamp,value\n2024-01-01T00:00:00Z,1\n2025-01-01T00:00:00Z,2\n2025-01-02T00:00:00Z,2\n", "year.csv");
        var from = new DateTimeOffset(2024, 1, 1, 0, 1, 30, TimeSpan.Zero);

        var prepared = BacktestRunner.Prepare(DemandPolicy.Builder().Build(), trace, new BacktestSettings(From: from, To: from + BacktestLimits.MaxScoredRange));

        Assert.Equal(BacktestLimits.MaxGridPoints, prepared.Context.GridDemand.Length);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    public void Prepare_MetricLagBeyondADay_RefusedNamingTheFlag(int delayDays, int windowDays)
    {
        var settings = new BacktestSettings(MetricDelay: TimeSpan.FromDays(delayDays) + TimeSpan.FromSeconds(delayDays), MetricWindow: TimeSpan.FromDays(windowDays) + TimeSpan.FromSeconds(windowDays));

        var error = Assert.Throws<BacktestInputException>(() => BacktestRunner.Prepare(DemandPolicy.Builder().Build(), Parse(Csv(TimeSpan.FromMinutes(1), [1, 2, 3])), settings));

        Assert.Contains(delayDays > 0 ? "--metric-delay" : "--metric-window", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_TwoRowTraceShorterThanTheLags_BlamesTheTraceNotFlagsNeverGiven()
    {
        var error = Assert.Throws<TraceFormatException>(() => BacktestRunner.Prepare(DemandPolicy.Builder().Build(), Parse(Csv(TimeSpan.FromSeconds(30), [1, 2]), "short.csv"), new BacktestSettings()));

        Assert.DoesNotContain("--from", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("--to", error.Reason, StringComparison.Ordinal);
        Assert.Contains("nothing to score", error.Reason, StringComparison.Ordinal);
    }
}
