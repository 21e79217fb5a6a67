using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Core.Intent;
using PromoScaler.Daemon.Intent;
using PromoScaler.Core.Runtime;
using PromoScaler.Daemon.Tests.Support;

namespace PromoScaler.Daemon.Tests.Scheduling;

/// <summary>
/// The one clock: a policy with interval 10m still pre-warms at start - lead (the edge is its own evaluation), a
/// limited step is followed up after its period, and cadences are spread by a stable phase.
/// </summary>
public class TickSchedulerTests
{
    // Start 12:25, lead 10m: the floor applies from 12:15, between two 10m ticks.
    private static readonly string Prewarm = """
          prewarm:
            - name: sale
              start: 2026-11-25T12:25:00Z
              lead: 10m
              replicas: 20
              hold: 30m
              rampDown: 10m
        """;

    private static DaemonHarness Create(DateTimeOffset? start = null) => DaemonHarness.Create(
        [("sale.yaml", DaemonPolicyYaml.Policy("sale", interval: "10m", extraSpec: Prewarm))],
        start: start);

    [Fact]
    public async Task Edges_PrewarmAndFreeze_EveryEdgeInTheHorizon()
    {
        await using var daemon = DaemonHarness.Create(
            [("sale.yaml", DaemonPolicyYaml.Policy("sale", interval: "10m", extraSpec: Prewarm, guardrails: """
                    freeze:
                      - { start: 2026-11-25T13:00:00Z, end: 2026-11-25T14:00:00Z }
                """))]);
        daemon.Catalog.Reload();
        var policy = Assert.Single(daemon.Catalog.Current.Policies);

        var edges = Cadence.Edges(policy, DaemonHarness.Start, DaemonHarness.Start + TimeSpan.FromHours(3));

        Assert.Equal(
            [At(12, 15), At(12, 25), At(12, 55), At(13, 0), At(13, 5), At(14, 0)],
            edges);
    }

    [Fact]
    public async Task DeclaredEdge_IntervalTenMinutes_FloorAppliedAtStartMinusLead()
    {
        await using var daemon = Create();
        daemon.SetLoad("sale", 200);
        await daemon.TickAsync(); // 12:00: the first tick is at once
        await RunUntilAsync(daemon, At(12, 15) - TimeSpan.FromSeconds(1));
        Assert.Equal(2, daemon.Targets["sale"].Replicas);

        Assert.Equal(At(12, 15), daemon.Loop.NextWanted());
        var reports = await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(1));

        Assert.Equal("ok", Assert.Single(reports).Write);
        Assert.Equal(At(12, 15), reports[0].At);
        Assert.True(daemon.Targets["sale"].Replicas > 2);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_scheduled_evaluations_total{policy=\"sale\"}"));
    }

    [Fact]
    public async Task RuntimePrewarm_GetsItsOwnEdge()
    {
        // An operator pre-warm (prewarm add) starting 12:20 with lead 5m: its edge at 12:15 is scheduled like a declared one.
        await using var daemon = DaemonHarness.Create([("shop.yaml", DaemonPolicyYaml.Policy("shop", interval: "10m"))]);
        daemon.SetLoad("shop", 200);
        await daemon.TickAsync();
        var book = daemon.Services.GetRequiredService<OperatorIntentBook>();
        var commit = await book.ChangeAsync("shop", "ci", (intent, now) => new IntentEdit(
            intent with { Prewarms = [.. intent.Prewarms, new RuntimePrewarm("flash", At(12, 20), 20, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.Zero, "ci", null, now)] },
            new AuditDraft("prewarm", "flash", null, null, null)), CancellationToken.None);
        Assert.True(commit.Persisted, commit.Problem);
        await RunUntilAsync(daemon, At(12, 15) - TimeSpan.FromSeconds(1));

        Assert.Equal(At(12, 15), daemon.Loop.NextWanted());
        var report = Assert.Single(await daemon.AdvanceAndTickAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal("ok", report.Write);
        Assert.Equal(6, daemon.Targets["shop"].Replicas); // the default scale-up step: 4 pods per 15s

        // Each limited step is followed up after the 15s period: the floor is reached in 45s, not 30m of 10m ticks.
        await RunUntilAsync(daemon, At(12, 15) + TimeSpan.FromSeconds(45));
        Assert.Equal(20, daemon.Targets["shop"].Replicas);
    }

    [Fact]
    public async Task StepLimitedDecision_FollowedUpAfterThePeriodNotTheInterval()
    {
        // interval 10m, scale-up at most 2 pods per 1m: 25 replicas wanted from 2 are reached in one-minute steps.
        await using var daemon = DaemonHarness.Create([("shop.yaml", DaemonPolicyYaml.Policy("shop", interval: "10m", guardrails: """
                scaleUp:
                  policies: [{ type: Pods, value: 2, period: 1m }]
            """))]);
        daemon.SetLoad("shop", 2500);

        Assert.Single(await daemon.TickAsync()); // 12:00
        Assert.Equal(4, daemon.Targets["shop"].Replicas);

        // The 12:00 step leaves the 1m period at 12:01: evaluated again then, not at the next 10m slot.
        await RunUntilAsync(daemon, At(12, 1));
        Assert.Equal(6, daemon.Targets["shop"].Replicas);
        await RunUntilAsync(daemon, At(12, 2));
        Assert.Equal(8, daemon.Targets["shop"].Replicas);
    }

    [Fact]
    public void PhaseOf_StableAndSpread()
    {
        var interval = TimeSpan.FromSeconds(15);
        var phases = Enumerable.Range(0, 1000).Select(i => Cadence.PhaseOf($"policy-{i}", interval)).ToList();

        Assert.Equal(phases, Enumerable.Range(0, 1000).Select(i => Cadence.PhaseOf($"policy-{i}", interval)));
        Assert.All(phases, p => Assert.InRange(p, TimeSpan.Zero, interval - TimeSpan.FromTicks(1)));
        // Spread: no one-second slot of the interval holds more than twice its share.
        Assert.All(phases.GroupBy(p => (int)p.TotalSeconds), g => Assert.True(g.Count() < 2 * 1000 / 15, $"second {g.Key} holds {g.Count()}"));
    }

    [Fact]
    public async Task Cadence_AfterTheFirstTick_FollowsThePhaseAndSkipsMissedSlots()
    {
        await using var daemon = DaemonHarness.Create([("shop.yaml", DaemonPolicyYaml.Policy("shop", interval: "10m"))]);
        daemon.SetLoad("shop", 200);
        await daemon.TickAsync();
        var phase = Cadence.PhaseOf("shop", TimeSpan.FromMinutes(10));
        var slot = new DateTimeOffset(DaemonHarness.Start.UtcTicks / TimeSpan.FromMinutes(10).Ticks * TimeSpan.FromMinutes(10).Ticks, TimeSpan.Zero) + phase;
        var next = slot > DaemonHarness.Start ? slot : slot + TimeSpan.FromMinutes(10);

        Assert.Equal(next, daemon.Loop.NextWanted());

        daemon.Time.Advance(TimeSpan.FromMinutes(35)); // three slots missed while "busy": one tick, not four
        Assert.Single(await daemon.TickAsync());
        Assert.Empty(await daemon.TickAsync());
    }

    [Fact]
    public async Task Restart_InsideTheWindow_AppliedAtTheFirstRound()
    {
        // Down across start - lead: the first round after the restart is inside the window and applies it at once.
        await using var daemon = Create(start: At(12, 17));
        daemon.SetLoad("sale", 200);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Equal("ok", report.Write);
        Assert.True(daemon.Targets["sale"].Replicas > 2);
    }

    [Fact]
    public async Task Restart_AfterTheWindowEnded_NotApplied()
    {
        await using var daemon = Create(start: At(13, 10));
        daemon.SetLoad("sale", 200);

        var report = Assert.Single(await daemon.TickAsync());

        Assert.Null(report.Write);
        Assert.Equal(2, daemon.Targets["sale"].Replicas);
    }

    // Runs every round that falls due up to (and including) the instant, as the hosted loop would.
    private static async Task RunUntilAsync(DaemonHarness daemon, DateTimeOffset until)
    {
        while (daemon.Loop.NextWanted() is { } next && next <= until)
        {
            daemon.Time.Advance(next - daemon.Time.GetUtcNow());
            await daemon.TickAsync();
        }

        daemon.Time.Advance(until - daemon.Time.GetUtcNow());
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 25, hour, minute, 0, TimeSpan.Zero);
}
