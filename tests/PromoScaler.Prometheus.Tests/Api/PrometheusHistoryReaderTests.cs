using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.DependencyInjection;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Api;

[Collection(SharedPrometheus.Name)]
public sealed class PrometheusHistoryReaderTests(PrometheusFixture prometheus)
{
    private static readonly DateTimeOffset T0 = PrometheusFixture.T0;

    private PrometheusHistoryReader ReaderFor(IEnumerable<string> sources, out ServiceProvider provider)
    {
        var services = new ServiceCollection();
        services.AddSingleton<global::Prometheus.IMetricFactory>(global::Prometheus.Metrics.WithCustomRegistry(global::Prometheus.Metrics.NewCustomRegistry()));
        services.AddPrometheusMetricSource(PrometheusSourceConfiguration.ForUrl(prometheus.BaseUrl, sources));
        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<PrometheusHistoryReader>();
    }

    [Fact]
    public async Task ReadAsync_MetricOnNamedSourceMappedToOneUrl_ReturnsItsSamplesInOrder()
    {
        var reader = ReaderFor(["thanos"], out var provider);
        using var _ = provider;
        var metric = new MetricSpec("load", "sum(ps_load)", 100, Source: "thanos");

        var samples = await reader.ReadAsync(metric, T0 + TimeSpan.FromMinutes(28), T0 + TimeSpan.FromMinutes(32), TimeSpan.FromMinutes(1), CancellationToken.None);

        // i4's last sample (29m45s) is still within the 5m lookback until 34m45s: the sum stays 400.
        Assert.Equal([400.0, 400, 400, 400, 400], samples.Select(s => s.Value));
        Assert.Equal(T0 + TimeSpan.FromMinutes(32), samples[^1].Timestamp);
    }

    [Fact]
    public async Task ReadAsync_TwoSeries_ThrowsQueryErrorNamingTheMetricAndLabels()
    {
        var reader = ReaderFor([], out var provider);
        using var _ = provider;

        var error = await Assert.ThrowsAsync<PrometheusQueryException>(() => reader.ReadAsync(
            new MetricSpec("pods", "ps_two", 1), T0, T0 + TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15), CancellationToken.None));

        Assert.Equal(ReadFailure.QueryError, error.Failure);
        Assert.Contains("metric 'pods'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pod=\"a\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RangeOfMorePointsThanPrometheusAllowsPerQuery_ReadInChunksOnOneGrid()
    {
        var reader = ReaderFor([], out var provider);
        using var _ = provider;
        var points = (2 * PrometheusHistoryReader.MaxPointsPerQuery) + 7;

        var samples = await reader.ReadAsync(
            new MetricSpec("one", "vector(1)", 1), T0, T0 + TimeSpan.FromSeconds(points - 1), TimeSpan.FromSeconds(1), CancellationToken.None);

        // One query of this range is refused by Prometheus; three on the same grid return every point once.
        Assert.Equal(points, samples.Count);
        Assert.Equal(Enumerable.Range(0, points).Select(k => T0 + TimeSpan.FromSeconds(k)), samples.Select(s => s.Timestamp));
    }
}
