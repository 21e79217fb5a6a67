using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Prometheus.DependencyInjection;
using PromoScaler.Testing.Prometheus;

namespace PromoScaler.Daemon.Tests.EndToEnd;

/// <summary>
/// The daemon's loop reading the real Prometheus of Debian's package (started by the test on a free loopback port):
/// a surge in the metric is written within one interval; with Prometheus stopped the replicas are held and the
/// readiness and metrics say why.
/// </summary>
public sealed class RealPrometheusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    // daemon_load: 200 for the first 30 minutes, then 900, every 15s for an hour.
    private static string History() => new OpenMetricsWriter()
        .Series("daemon_load", "", Enumerable.Range(0, 240).Select(k => (T0 + (Interval * k), k < 120 ? 200.0 : 900.0)))
        .ToString();

    [Fact]
    public async Task Surge_WrittenWithinOneInterval_ThenPrometheusStopped_HeldAndReadinessSaysWhy()
    {
        await using var prometheus = await PrometheusServer.StartAsync(History());
        var settings = new Dictionary<string, string?>
        {
            ["Prometheus:Sources:default:Url"] = prometheus.BaseUrl.ToString(),
            // The harness's clock is fake: no backoff waits (they would wait on it), each read is one attempt.
            ["Prometheus:Sources:default:Retry:MaxRetries"] = "0",
        };
        var yaml = DaemonPolicyYaml.Policy("checkout").Replace(DaemonPolicyYaml.Query("checkout"), "daemon_load", StringComparison.Ordinal);
        await using var daemon = DaemonHarness.Create(
            [("checkout.yaml", yaml)],
            settings,
            replace: services =>
            {
                services.RemoveAll<IMetricSource>();
                services.AddPrometheusMetricSource(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Prometheus"));
            },
            start: T0 + TimeSpan.FromMinutes(29));

        await daemon.TickAsync(); // 12:29, load 200: 2 replicas is right
        Assert.Empty(daemon.Targets["checkout"].Writes);
        var surgeSeen = false;
        for (var i = 0; i < 4 && !surgeSeen; i++)
        {
            surgeSeen = (await daemon.AdvanceAndTickAsync(Interval)).Any(r => r.Write == "ok");
        }

        // The surge starts at 12:30; the tick at 12:30 reads it and writes.
        Assert.True(surgeSeen);
        Assert.Equal(T0 + TimeSpan.FromMinutes(30), daemon.Time.GetUtcNow());
        Assert.Equal(6, daemon.Targets["checkout"].Replicas);
        Assert.Empty(daemon.Readiness.Problems());

        await prometheus.StopAsync();
        for (var i = 0; i < 30; i++)
        {
            await daemon.AdvanceAndTickAsync(Interval);
        }

        Assert.Equal(6, daemon.Targets["checkout"].Replicas);
        Assert.Single(daemon.Targets["checkout"].Writes);
        Assert.Contains(daemon.Readiness.Problems(), p => p.StartsWith("metric source failing", StringComparison.Ordinal));
        var text = MetricsText.Export(daemon.Registry);
        Assert.True(MetricsText.Value(text, "promoscaler_metric_reads_total{policy=\"checkout\",outcome=\"readFailed\"}") > 0
            || MetricsText.Value(text, "promoscaler_metric_reads_total{policy=\"checkout\",outcome=\"circuitOpen\"}") > 0);
        Assert.True(MetricsText.Value(text, "promoscaler_decisions_total{policy=\"checkout\",action=\"none\",reason=\"holdOnMissingMetrics\"}") > 0, text);
    }
}
