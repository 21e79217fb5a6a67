using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests;

[Collection(SharedPrometheus.Name)]
public sealed class PrometheusMetricSourceTests(PrometheusFixture prometheus)
{
    private static readonly DateTimeOffset T0 = PrometheusFixture.T0;
    private static readonly DateTimeOffset Mid = T0 + TimeSpan.FromMinutes(10);

    private static MetricSpec Metric(string query, EmptyResultMode whenEmpty = EmptyResultMode.Missing) =>
        new("rps", query, 100, WhenEmpty: whenEmpty);

    [Fact]
    public async Task ReadAsync_OneSeries_ReportsValueAndReadTimeAsFreshness()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric("ps_gauge"), Mid, CancellationToken.None);

        Assert.Equal(new MetricReading("rps", 40, 1, Mid), reading);
    }

    [Fact]
    public async Task ReadAsync_TwoSeries_ReportsSeriesCountWithoutValue()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric("ps_two"), Mid, CancellationToken.None);

        Assert.Equal(2, reading.SeriesCount);
        Assert.Null(reading.Value);
        Assert.Null(reading.Failure);
        Assert.Contains("pod=\"a\"", reading.Detail, StringComparison.Ordinal);
        Assert.Contains("pod=\"b\"", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EmptyResultWhenEmptyMissing_ReportsNoSeriesNoValueNoFreshness()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric("ps_absent"), Mid, CancellationToken.None);

        Assert.Equal(0, reading.SeriesCount);
        Assert.Null(reading.Value);
        Assert.Null(reading.Failure);
        Assert.Null(reading.FreshAt);
    }

    [Fact]
    public async Task ReadAsync_EmptyResultWhenEmptyZero_IsASuccessfulReadButStillCarriesNoValue()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric("ps_absent", EmptyResultMode.Zero), Mid, CancellationToken.None);

        // The engine turns this into a true zero because the policy says so; the source never invents one.
        Assert.Equal(0, reading.SeriesCount);
        Assert.Null(reading.Value);
        Assert.Equal(Mid, reading.FreshAt);
    }

    [Theory]
    [InlineData("ps_nan", double.NaN)]
    [InlineData("ps_negative", -5.0)]
    [InlineData("ps_inf", double.PositiveInfinity)]
    [InlineData("-ps_inf", double.NegativeInfinity)]
    public async Task ReadAsync_SpecialValue_IsReportedAsIs(string query, double expected)
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric(query), Mid, CancellationToken.None);

        Assert.Equal(1, reading.SeriesCount);
        Assert.Null(reading.Failure);
        Assert.Equal(expected, reading.Value);
    }

    [Fact]
    public async Task ReadAsync_SyntaxError_ReportsQueryErrorKeepingLastSuccess()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric("rate(ps_gauge[1m]"), Mid, CancellationToken.None);

        Assert.Equal(ReadFailure.QueryError, reading.Failure);
        Assert.Null(reading.Value);
        Assert.Null(reading.FreshAt);
        Assert.Contains("parse error", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RangeVectorQuery_ReportsQueryError()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var reading = await harness.Source.ReadAsync(Metric("ps_gauge[1m]"), Mid, CancellationToken.None);

        Assert.Equal(ReadFailure.QueryError, reading.Failure);
        Assert.Contains("matrix", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SumAfterOneOfFourInstancesStops_ReportsCompletenessThreeQuarters()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var metric = Metric("sum(ps_load)") with
        {
            CompletenessQuery = "count(ps_up == 1) / count(ps_up)",
            MinCompleteness = Percentage.FromPercent(90),
        };
        var before = T0 + TimeSpan.FromMinutes(20);
        var after = T0 + TimeSpan.FromMinutes(40); // i4 stopped at 30m; its last sample left the 5m lookback

        var healthy = await harness.Source.ReadAsync(metric, before, CancellationToken.None);
        var degraded = await harness.Source.ReadAsync(metric, after, CancellationToken.None);

        Assert.Equal((400.0, 1.0), (healthy.Value, healthy.Completeness));
        Assert.Equal((300.0, 0.75), (degraded.Value, degraded.Completeness)); // a plausible value: only completeness tells
    }

    [Fact]
    public async Task ReadAsync_FreshnessQuery_ReportsNewestSampleTimeNotEvaluationTime()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var metric = Metric("ps_frozen") with { FreshnessQuery = "max(timestamp(ps_frozen))" };
        var lastSample = T0 + (PrometheusFixture.Step * PrometheusFixture.FrozenAfter);
        var at = lastSample + TimeSpan.FromMinutes(4); // still inside the 5m lookback: the value is returned

        var reading = await harness.Source.ReadAsync(metric, at, CancellationToken.None);

        Assert.Equal(42, reading.Value);
        Assert.Equal(lastSample, reading.FreshAt);
        Assert.True(reading.FreshAt < at - TimeSpan.FromMinutes(2), "older than a 2m maxStaleness");
    }

    [Fact]
    public async Task ReadAsync_QueryOffset_EvaluatesAtNowMinusOffset()
    {
        using var harness = SourceHarness.Create(
            prometheus.BaseUrl, settings: new Dictionary<string, string?> { ["Sources:default:QueryOffset"] = "00:05:00" });

        var reading = await harness.Source.ReadAsync(Metric("ps_gauge"), Mid + TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(40, reading.Value);
    }

    [Fact]
    public async Task ReadAsync_PrometheusStoppedMidRun_ReportsReadFailedThenRecoversAfterRestart()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var metric = Metric("ps_gauge");
        var first = await harness.Source.ReadAsync(metric, Mid, CancellationToken.None);

        await prometheus.Server.StopAsync();
        MetricReading down;
        try
        {
            down = await harness.Source.ReadAsync(metric, Mid + TimeSpan.FromSeconds(15), CancellationToken.None);
        }
        finally
        {
            await prometheus.Server.RestartAsync();
        }

        var recovered = await harness.Source.ReadAsync(metric, Mid + TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(40, first.Value);
        Assert.Equal(ReadFailure.ReadFailed, down.Failure);
        Assert.Null(down.Value);
        Assert.Equal(Mid, down.FreshAt); // the last successful read, so the engine can also judge staleness
        Assert.Equal(42, recovered.Value);
        Assert.Null(recovered.Failure);
    }
}
