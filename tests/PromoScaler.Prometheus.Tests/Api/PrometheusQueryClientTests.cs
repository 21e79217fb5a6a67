using PromoScaler.Core.Engine;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Api;

[Collection(SharedPrometheus.Name)]
public sealed class PrometheusQueryClientTests(PrometheusFixture prometheus)
{
    private static readonly DateTimeOffset T0 = PrometheusFixture.T0;

    [Fact]
    public async Task QueryAsync_BetweenSamples_ReturnsLatestSampleStampedWithEvaluationTime()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var at = T0 + TimeSpan.FromSeconds(155); // sample k = 10 was written at T0 + 150s

        var result = await harness.Client.QueryAsync("default", "ps_gauge", at, CancellationToken.None);

        Assert.Equal(PrometheusResultType.Vector, result.ResultType);
        var sample = Assert.Single(Assert.Single(result.Series).Samples);
        Assert.Equal(10, sample.Value);
        Assert.Equal(at, sample.Timestamp); // the evaluation time, not the sample's: why freshness needs its own query
    }

    [Fact]
    public async Task QueryRangeAsync_FiveMinutesAtOneMinute_ReturnsOneSampleEachStep()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var result = await harness.Client.QueryRangeAsync(
            "default", "ps_gauge", T0, T0 + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), CancellationToken.None);

        var samples = Assert.Single(result.Series).Samples;
        Assert.Equal(new double[] { 0, 4, 8, 12, 16, 20 }, samples.Select(s => s.Value));
        Assert.Equal(Enumerable.Range(0, 6).Select(m => T0 + TimeSpan.FromMinutes(m)), samples.Select(s => s.Timestamp));
    }

    [Fact]
    public async Task QueryRangeAsync_MoreThan11000Points_IsChunkedAndMergedWithoutGapsOrDuplicates()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        const int points = 12_001; // one query would exceed Prometheus' 11,000-point limit and be refused

        var result = await harness.Client.QueryRangeAsync(
            "default", "vector(1)", T0, T0 + TimeSpan.FromSeconds(points - 1), TimeSpan.FromSeconds(1), CancellationToken.None);

        var samples = Assert.Single(result.Series).Samples;
        Assert.Equal(Enumerable.Range(0, points).Select(s => T0 + TimeSpan.FromSeconds(s)), samples.Select(s => s.Timestamp));
    }

    [Fact]
    public async Task QueryAsync_SyntaxError_ThrowsQueryErrorWithPrometheusMessage()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var error = await Assert.ThrowsAsync<PrometheusQueryException>(
            () => harness.Client.QueryAsync("default", "sum(ps_gauge", T0, CancellationToken.None));

        Assert.Equal(ReadFailure.QueryError, error.Failure);
        Assert.Contains("parse error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_UnknownSource_ThrowsReadFailedNamingTheSource()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);

        var error = await Assert.ThrowsAsync<PrometheusQueryException>(
            () => harness.Client.QueryAsync("thanos", "ps_gauge", T0, CancellationToken.None));

        Assert.Equal(ReadFailure.ReadFailed, error.Failure);
        Assert.Contains("'thanos'", error.Message, StringComparison.Ordinal);
    }
}
