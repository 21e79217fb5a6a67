using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Testing.Metrics;

namespace PromoScaler.Daemon.Tests.Sizing;

/// <summary>A calibrated policy in the daemon: its models warm from the metric's history at the first tick, then learn from every tick.</summary>
public sealed class CalibrationFeedTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static string Calibrated(string name) => $$"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {{name}}
        spec:
          target: { kind: Deployment, namespace: shop, name: {{name}} }
          interval: 15s
          startup: 60s
          metrics:
            - name: rps
              query: {{DaemonPolicyYaml.Query(name)}}
              capacityPerReplica: 100
          sizing:
            mode: calibrated
            coverage: 99%
            window: 24h
          guardrails:
            minReplicas: 1
            maxReplicas: 200
        """;

    // A day of 1,000 +- 150 rps with a 7-minute wave: enough rises for the 99% quantile.
    private static double? Load(DateTimeOffset t) => 1000 + (150 * Math.Sin(t.ToUnixTimeSeconds() / 420.0 * 2 * Math.PI));

    [Fact]
    public async Task FirstTick_WarmsTheModelFromTheCalibrationWindow_AndProposesCalibrated()
    {
        var history = new FunctionMetricHistory(Load);
        await using var daemon = DaemonHarness.Create(
            [("checkout.yaml", Calibrated("checkout"))],
            replace: s => s.AddSingleton<IMetricHistory>(history));
        daemon.SetLoad("checkout", 1000);

        var decision = Assert.Single(await daemon.TickAsync()).Decision!;

        var range = Assert.Single(history.Ranges);
        Assert.Equal(DaemonHarness.Start - TimeSpan.FromHours(24), range.First);
        Assert.Equal(DaemonHarness.Start - Interval, range.Last);
        Assert.Equal(Interval, range.Step);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.CalibratedProposal);
        Assert.DoesNotContain(decision.Explanation, s => s.Code is ReasonCode.CalibrationMissing or ReasonCode.CalibrationFallback);
        // R = 1000 / 100 = 10 replicas; the margin for a 150-rps wave is a few replicas, not a multiple.
        Assert.InRange(decision.Explanation.First(s => s.Code == ReasonCode.CalibratedProposal).After ?? 0, 11, 20);

        await daemon.AdvanceAndTickAsync(Interval);
        Assert.Single(history.Ranges); // warmed once; ticks feed it from then on
    }

    [Fact]
    public async Task HistoryUnreadable_StartsOnTheStatedFallback_AndSaysWhy()
    {
        var history = new FunctionMetricHistory(Load) { Failure = "connection refused" };
        await using var daemon = DaemonHarness.Create(
            [("checkout.yaml", Calibrated("checkout"))],
            replace: s => s.AddSingleton<IMetricHistory>(history));
        daemon.SetLoad("checkout", 1000);

        var decision = Assert.Single(await daemon.TickAsync()).Decision!;

        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.CalibrationFallback);
        Assert.Contains(daemon.Logged(6051), m => m.Contains("connection refused", StringComparison.Ordinal));
    }
}
