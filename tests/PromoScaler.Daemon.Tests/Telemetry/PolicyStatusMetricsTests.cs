using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Telemetry;

/// <summary>The per-policy status series the alerts read, driven through the loop's single step.</summary>
public sealed class PolicyStatusMetricsTests
{
    private static double Seconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    [Fact]
    public async Task Reload_OnePolicysFileBroken_MarksThatPolicyAndCountsTheFile_UntilFixed()
    {
        await using var daemon = DaemonHarness.Create("checkout", "search");
        await daemon.TickAsync();

        daemon.WritePolicy("checkout.yaml", DaemonPolicyYaml.Policy("checkout").Replace("targetPerReplica: 100", "targetPerReplica: 100\n      bogus: 1", StringComparison.Ordinal));
        Assert.Equal(ReloadOutcome.Rejected, daemon.Catalog.Reload());

        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_reload_rejected{policy=\"checkout\"}"));
        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_reload_rejected{policy=\"search\"}")); // only while 1
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_files_rejected"));

        daemon.WritePolicy("checkout.yaml", DaemonPolicyYaml.Policy("checkout"));
        Assert.Equal(ReloadOutcome.Applied, daemon.Catalog.Reload());
        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_reload_rejected{policy=\"checkout\"}"));
        Assert.Equal(0, MetricsText.Value(daemon.Registry, "promoscaler_policy_files_rejected"));
    }

    [Fact]
    public async Task Tick_PausedWithAnOverride_ExportsUntilSinceAndExpiry_AndDropsThemOnceOver()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 300);
        await daemon.TickAsync(); // the first round restores the intent from the state store
        var book = daemon.Services.GetRequiredService<OperatorIntentBook>();
        var now = daemon.Time.GetUtcNow();
        await book.ChangeAsync("checkout", "ops", (intent, at) => new IntentEdit(
            intent with
            {
                Pause = new PauseRecord("ops", "incident", at, at + TimeSpan.FromHours(2)),
                Overrides = [new OperatorOverride(OverrideKind.Ceiling, 5, "ops", "incident", at + TimeSpan.FromMinutes(30))],
            },
            new AuditDraft("pause", null, "incident", null, null)), CancellationToken.None);

        await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_paused{policy=\"checkout\"}"));
        Assert.Equal(Seconds(now + TimeSpan.FromHours(2)), MetricsText.Value(daemon.Registry, "promoscaler_policy_paused_until_timestamp_seconds{policy=\"checkout\"}"));
        Assert.Equal(Seconds(now), MetricsText.Value(daemon.Registry, "promoscaler_policy_paused_since_timestamp_seconds{policy=\"checkout\"}"));
        Assert.Equal(Seconds(now + TimeSpan.FromMinutes(30)), MetricsText.Value(daemon.Registry, "promoscaler_policy_override_expiry_timestamp_seconds{policy=\"checkout\",kind=\"ceiling\"}"));
        Assert.Equal(Seconds(now + TimeSpan.FromSeconds(15)), MetricsText.Value(daemon.Registry, "promoscaler_policy_last_metric_read_success_timestamp_seconds{policy=\"checkout\"}"));

        await daemon.AdvanceAndTickAsync(TimeSpan.FromHours(3));

        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_paused{policy=\"checkout\"}"));
        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_paused_until_timestamp_seconds{policy=\"checkout\"}"));
        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_override_expiry_timestamp_seconds{policy=\"checkout\",kind=\"ceiling\"}"));
    }

    [Fact]
    public async Task Tick_MetricFails_LastSuccessStaysAtTheLastGoodRead()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 300);
        var first = daemon.Time.GetUtcNow();
        await daemon.TickAsync();

        daemon.Metrics.FailAll = ReadFailure.ReadFailed;
        await daemon.AdvanceAndTickAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Seconds(first), MetricsText.Value(daemon.Registry, "promoscaler_policy_last_metric_read_success_timestamp_seconds{policy=\"checkout\"}"));
        Assert.Equal(Seconds(first + TimeSpan.FromMinutes(1)), MetricsText.Value(daemon.Registry, "promoscaler_policy_last_target_read_success_timestamp_seconds{policy=\"checkout\"}"));
    }

    [Fact]
    public async Task Tick_PrewarmAboveMaxReplicas_IsActiveWithItsFloorAndClippedByMaxReplicas()
    {
        await using var daemon = DaemonHarness.Create([("checkout.yaml", DaemonPolicyYaml.Policy("checkout", extraSpec: """
              prewarm:
                - name: sale
                  start: 2026-11-25T12:05:00Z
                  lead: 10m
                  replicas: 80
                  hold: 30m
                  rampDown: 10m
            """))]);
        daemon.SetLoad("checkout", 300);

        await daemon.TickAsync();

        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_prewarm_active{policy=\"checkout\"}"));
        Assert.Equal(50, MetricsText.Value(daemon.Registry, "promoscaler_policy_prewarm_floor_replicas{policy=\"checkout\"}"));
        Assert.Equal(Seconds(DaemonHarness.Start + TimeSpan.FromMinutes(5)), MetricsText.Value(daemon.Registry, "promoscaler_policy_prewarm_start_timestamp_seconds{policy=\"checkout\"}"));
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_policy_clipped{policy=\"checkout\",limit=\"maxReplicas\"}"));
        Assert.Null(MetricsText.Value(daemon.Registry, "promoscaler_policy_clipped{policy=\"checkout\",limit=\"hpaMax\"}"));
    }

    [Fact]
    public async Task Tick_PlainPolicy_ExportsNoFlagOrPrewarmSeries()
    {
        await using var daemon = DaemonHarness.Create("checkout");
        daemon.SetLoad("checkout", 300);

        await daemon.TickAsync();

        // A policy that is not paused, clipped or rejected and has no pre-warm window holds none of those series.
        var text = MetricsText.Export(daemon.Registry);
        Assert.Contains("promoscaler_policy_desired_replicas{policy=\"checkout\"}", text, StringComparison.Ordinal);
        foreach (var name in new[] { "paused", "clipped", "reload_rejected", "prewarm_active", "prewarm_start_timestamp_seconds", "ready_lead_seconds" })
        {
            Assert.DoesNotContain($"promoscaler_policy_{name}{{", text, StringComparison.Ordinal);
        }
    }
}
