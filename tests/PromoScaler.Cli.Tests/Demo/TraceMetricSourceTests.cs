using System.Globalization;
using PromoScaler.Cli.Demo;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Tests.Demo;

public sealed class TraceMetricSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly DemoWorkload NasaWww = DemoWorkloads.All.Single(w => w.Policy == DemoWorkloads.PrewarmPolicy);
    private readonly TraceReplay _replay = new(DemoSession.LoadTrace(), DemoConstants.TraceAnchor, Start, DemoConstants.RateWindow);

    private TraceMetricSource Source => new(_replay, DemoWorkloads.All);

    private static MetricSpec Metric(string query) => new("rps", query, 25);

    /// <summary>The trace file's value at <paramref name="at"/>, read from the CSV as kept in the repository.</summary>
    private static double Row(string at) =>
        double.Parse(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "traces", "nasa_http_jul1995_1min.csv"))
            .Single(l => l.StartsWith(at + ",", StringComparison.Ordinal)).Split(',')[1], CultureInfo.InvariantCulture);

    [Fact]
    public async Task ReadAsync_ThirtyNineSimulatedMinutesIn_ReadsTheLaunchPeakTimesTheMultiplier()
    {
        // Start reads the trace at 13:10Z, so +39m is 13:49Z, the STS-70 peak; the reading is the mean of the
        // minute before, as rate(x[1m]) would be: the trace is linear between its 13:48 and 13:49 rows.
        var expected = NasaWww.DemandMultiplier * (Row("1995-07-13T13:48:00Z") + Row("1995-07-13T13:49:00Z")) / 2;

        var reading = await Source.ReadAsync(Metric(NasaWww.Query), Start + TimeSpan.FromMinutes(39), CancellationToken.None);

        Assert.Null(reading.Failure);
        Assert.Equal(1, reading.SeriesCount);
        Assert.Equal(expected, reading.Value!.Value, 6);
        Assert.Equal(Start + TimeSpan.FromMinutes(39), reading.FreshAt);
        Assert.True(reading.Value > 500, $"the peak times 100 is above 500 requests/s, read {reading.Value}");
    }

    [Fact]
    public async Task ReadAsync_EachWorkload_ScalesTheSameDemandByItsOwnMultiplier()
    {
        var at = Start + TimeSpan.FromMinutes(20);
        var demand = _replay.DemandAt(at)!.Value;

        foreach (var workload in DemoWorkloads.All)
        {
            var reading = await Source.ReadAsync(Metric(workload.Query), at, CancellationToken.None);
            Assert.Equal(demand * workload.DemandMultiplier, reading.Value!.Value, 9);
        }
    }

    [Fact]
    public async Task ReadAsync_AQueryNoWorkloadServes_IsAQueryErrorNamingIt()
    {
        var reading = await Source.ReadAsync(Metric("up{job=\"elsewhere\"}"), Start, CancellationToken.None);

        Assert.Equal(ReadFailure.QueryError, reading.Failure);
        Assert.Null(reading.Value);
        Assert.Contains("up{job=\"elsewhere\"}", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRangeAsync_GivesThePointReadingAtEveryStep_IncludingDaysBeforeTheStart()
    {
        var metric = Metric(NasaWww.Query);
        var first = Start - TimeSpan.FromDays(3);

        var range = await Source.ReadRangeAsync(metric, first, Start, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Null(range.Failure);
        Assert.Equal(3 * 24 * 12 + 1, range.Samples.Count);
        foreach (var sample in range.Samples.Where((_, i) => i % 97 == 0))
        {
            var point = await Source.ReadAsync(metric, sample.Timestamp, CancellationToken.None);
            Assert.Equal(point.Value, sample.Value);
        }
    }

    [Fact]
    public void TraceInstant_PastTheTracesEnd_WrapsToItsBeginning()
    {
        var trace = DemoSession.LoadTrace();
        var span = trace.Last - trace.First;

        Assert.Equal(DemoConstants.TraceAnchor, _replay.TraceInstant(Start));
        Assert.Equal(DemoConstants.TraceAnchor, _replay.TraceInstant(Start + span));
        Assert.Equal(DemoConstants.TraceAnchor - TimeSpan.FromDays(1), _replay.TraceInstant(Start - TimeSpan.FromDays(1)));
        Assert.Equal(trace.First, _replay.TraceInstant(Start + (trace.Last - DemoConstants.TraceAnchor)));
    }
}
