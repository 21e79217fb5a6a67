using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests.Telemetry;

public sealed class PrometheusSourceMetricsTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 11, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_OneSuccessOneQueryError_RecordsLatencyPerOutcomeAndOneError()
    {
        await using var stub = new StubPrometheusEndpoint();
        stub.Respond = r => Task.FromResult(r.Body.Contains("bad", StringComparison.Ordinal)
            ? (400, """{"status":"error","errorType":"bad_data","error":"parse error"}""")
            : (200, StubPrometheusEndpoint.SevenBody));
        using var harness = SourceHarness.Create(stub.Url);

        await harness.Source.ReadAsync(new MetricSpec("ok", "good", 1), Now, CancellationToken.None);
        await harness.Source.ReadAsync(new MetricSpec("ko", "bad", 1), Now, CancellationToken.None);

        Assert.Equal(1, harness.Metrics.QueryDuration.WithLabels("default", "success").Count);
        Assert.Equal(1, harness.Metrics.QueryDuration.WithLabels("default", "queryError").Count);
        Assert.Equal(1, harness.Metrics.Errors.WithLabels("default", "queryError").Value);
        Assert.Equal(0, harness.Metrics.Errors.WithLabels("default", "success").Value);
    }
}
