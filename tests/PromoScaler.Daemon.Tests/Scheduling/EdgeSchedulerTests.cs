using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Scheduling;
using PromoScaler.Daemon.Tests.Support;
using Quartz;

namespace PromoScaler.Daemon.Tests.Scheduling;

/// <summary>A policy with interval 10m still pre-warms at start - lead: the edge gets its own evaluation.</summary>
public class EdgeSchedulerTests
{
    // Start 12:25, lead 10m: the floor applies from 12:15, between the 10m ticks at 12:10 and 12:20.
    private static readonly string Prewarm = """
          prewarm:
            - name: sale
              start: 2026-11-25T12:25:00Z
              lead: 10m
              replicas: 20
              hold: 30m
              rampDown: 10m
        """;

    private static DaemonHarness Create(DateTimeOffset? start = null, bool scheduler = false) => DaemonHarness.Create(
        [("sale.yaml", DaemonPolicyYaml.Policy("sale", interval: "10m", extraSpec: Prewarm))],
        start: start,
        replace: scheduler ? s => s.AddEdgeScheduler() : null);

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

        var edges = EdgePlanner.Edges(policy, DaemonHarness.Start, DaemonHarness.Start + TimeSpan.FromHours(3));

        Assert.Equal(
            [At(12, 15), At(12, 25), At(12, 55), At(13, 0), At(13, 5), At(14, 0)],
            edges);
    }

    [Fact]
    public async Task RequestedEdge_IntervalTenMinutes_FloorAppliedAtStartMinusLead()
    {
        await using var daemon = Create();
        daemon.SetLoad("sale", 200);
        await daemon.TickAsync(); // 12:00
        await daemon.AdvanceAndTickAsync(TimeSpan.FromMinutes(10)); // 12:10
        Assert.Equal(2, daemon.Targets["sale"].Replicas);

        daemon.Time.Advance(TimeSpan.FromMinutes(5)); // 12:15 = start - lead, no regular tick due
        daemon.Loop.RequestEvaluation("sale", daemon.Time.GetUtcNow());
        var reports = await daemon.TickAsync();

        Assert.Equal("ok", Assert.Single(reports).Write);
        Assert.Equal(At(12, 15), Assert.Single(daemon.Targets["sale"].Writes.Select(_ => reports[0].At)));
        Assert.True(daemon.Targets["sale"].Replicas > 2);
        Assert.Equal(1, MetricsText.Value(daemon.Registry, "promoscaler_scheduled_evaluations_total{policy=\"sale\"}"));
        // The regular cadence is unchanged: the next tick is still 12:20.
        Assert.Empty(await daemon.AdvanceAndTickAsync(TimeSpan.FromMinutes(4)));
        Assert.Single(await daemon.AdvanceAndTickAsync(TimeSpan.FromMinutes(1)));
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

    [Fact]
    public async Task Scheduler_Planned_FiresTheLoopAtTheEdge()
    {
        await using var daemon = Create(scheduler: true);
        daemon.SetLoad("sale", 200);
        await daemon.TickAsync();
        var quartz = await daemon.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await quartz.Start();

        var scheduler = daemon.Services.GetRequiredService<EdgeScheduler>();
        await scheduler.PlanAsync(CancellationToken.None);
        Assert.Equal(4, scheduler.Scheduled);

        daemon.Time.Advance(TimeSpan.FromMinutes(15)); // 12:15
        var started = TimeProvider.System.GetTimestamp();
        while (MetricsText.Value(daemon.Registry, "promoscaler_scheduled_evaluations_total{policy=\"sale\"}") is null)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "the edge did not fire");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        var report = Assert.Single(await daemon.TickAsync());
        Assert.Equal("ok", report.Write);
        await quartz.Shutdown();
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 25, hour, minute, 0, TimeSpan.Zero);
}
