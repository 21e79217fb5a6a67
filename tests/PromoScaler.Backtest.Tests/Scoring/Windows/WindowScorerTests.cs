using System.Globalization;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Backtest.Tests.Fakes;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Scoring.Windows;

/// <summary>
/// The per-window figures against a trace computed by hand. Demand is 10 every minute except rows 30..39, which
/// are 50 (so d ramps 10 -> 50 over 29m..30m). The real engine with no step limits, no stabilization and no
/// tolerance asks for ceil(d / 10) exactly; C = 10, startup 60s, D = W = 0 (the engine reads d itself).
/// The pre-warm starts at 30m with a 10m lead and a 5m hold: active [20m, 35m), scored [21m, 35m].
/// </summary>
public class WindowScorerTests
{
    private static readonly DateTimeOffset Start = T0 + TimeSpan.FromMinutes(30);
    private static readonly double[] Demand = [.. Enumerable.Range(0, 60).Select(m => m is >= 30 and < 40 ? 50.0 : 10.0)];
    private static readonly BacktestSettings Settings = new(T0 + TimeSpan.FromMinutes(5), T0 + TimeSpan.FromMinutes(55), TimeSpan.Zero, TimeSpan.Zero);

    private static BacktestResult Run(int floor, double? price = null, bool withFrontier = false)
    {
        var builder = DemandPolicy.Builder(10, 10).Replicas(1, 20).Startup(TimeSpan.FromSeconds(60)).Unlimited().WithTolerance(0, 0)
            .OneOffPrewarm("surge", Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.Zero, replicas: floor);
        if (price is { } p)
        {
            builder = builder.Budget(p, 1000);
        }

        return new BacktestRunner().Run(builder.Build(), Parse(Csv(TimeSpan.FromMinutes(1), Demand, "demand")), Settings, withFrontier);
    }

    [Fact]
    public void Run_FloorTooSmall_OverloadReadyTimeAndExtraAsComputedByHand()
    {
        var result = Run(floor: 3);

        var window = Assert.Single(result.Windows);
        Assert.Equal(("surge", WindowKind.Prewarm, 3), (window.Window.Name, window.Window.Kind, window.Floor));
        Assert.Equal((T0 + TimeSpan.FromMinutes(21), T0 + TimeSpan.FromMinutes(35)), (window.Window.ScoredFrom, window.Window.ScoredTo));
        // 3 ready from 21m; d = 40 at 29:45 -> 4 asked (ready 30:45); d = 50 at 30:00 -> 5 asked (ready 31:00).
        // Overloaded at 29:45 (40 > 30), 30:00, 30:15, 30:30 (50 > 30) and 30:45 (50 > 40): 5 points.
        Assert.Equal(75, window.OverloadedSeconds);
        Assert.Equal(T0 + TimeSpan.FromMinutes(31), window.ReadyAt);
        Assert.Equal(TimeSpan.FromSeconds(60), window.ReadyAfter);
        // Unserved 10 + 20 + 20 + 20 + 10 over 33 x 10 + 20 + 30 + 40 + 21 x 50 of demand.
        Assert.Equal(80.0 / 1470, window.OverloadedDemandFraction, 12);
        Assert.Equal((50, 50), (window.PeakDemand, window.PeakCapacity));
        // Without the window: 1 until 29:15, then 2, 3, 4, 5. With it: 3 from 20:00 to 29:30 (39 points), the same after.
        // 39 x 3 - (37 x 1 + 2 + 3) = 75 grid points more.
        Assert.Equal(75 * 15 / 3600.0, window.ExtraReplicaHours, 12);
        // Oracle: ceil(d / 10) over [21m, 35m]: 33 x 1 + 2 + 3 + 4 + 21 x 5.
        Assert.Equal(147 * 15 / 3600.0, window.OracleReplicaHours, 12);
        // The policy: 35 points of 3 (21:00..29:30), 4 at 29:45, 21 points of 5 (30:00..35:00).
        Assert.Equal((35 * 3 + 4 + 21 * 5) * 15 / 3600.0, window.ReplicaHours, 12);
    }

    [Fact]
    public void Run_FloorLargeEnough_NoOverloadReadyAtStart()
    {
        var result = Run(floor: 6);

        var window = Assert.Single(result.Windows);
        // 6 ready from 21:00 carry the 50 of the surge; at 35:00 the floor ends and 5 carry 50 (not above).
        Assert.Equal(0, window.OverloadedSeconds);
        Assert.Equal(Start, window.ReadyAt);
        Assert.Equal((50, 60), (window.PeakDemand, window.PeakCapacity));
        // 60 points of 6 on [20:00, 35:00) against 37 x 1 + 2 + 3 + 4 + 20 x 5 without it.
        Assert.Equal((360 - 146) * 15 / 3600.0, window.ExtraReplicaHours, 12);
    }

    [Fact]
    public void Run_NoOverloadInTheWindow_HpaAtEqualOverloadIsTheCheapestHpaNeverOverloadedThere()
    {
        var result = Run(floor: 6, withFrontier: true);

        var window = Assert.Single(result.Windows);
        Assert.Equal(0, window.OverloadedSeconds);
        // The frontier aims HPA at 20%, 25%, ... 100% of C = 10. On d = 10 each runs ceil(10 / target) replicas
        // before the surge: 5 at 20% (capacity 50), at most 4 above it (40 or less). The ramp's first tick that
        // asks for more is 29:15 (d = 20), whose replicas serve from 30:15, so at 30:00 (d = 50) every target
        // above 20% is overloaded and only 20% is not: its figure is the answer, not an interpolation. At 20%
        // (target 2, max(100%, 4 pods) per 15s up): 5 until 29:00, then ceil(d / 2) = 10, 15 at 29:15, 29:30 and
        // maxReplicas 20 from 29:45 to 35:00 (ceil(50 / 2) = 25 is clamped; the scale-down waits 5m):
        // 33 x 5 + 10 + 15 + 22 x 20 over [21m, 35m].
        Assert.Equal((33 * 5 + 10 + 15 + 22 * 20) * 15 / 3600.0, window.HpaReplicaHoursAtEqualOverload!.Value, 12);
        // At 100% (target 10): 1 replica, then 2, 3, 4, 5 asked at 29:15..30:00 and ready a minute later, so
        // overloaded at 29:15, 29:30, 29:45, 30:00, 30:15, 30:30 and 30:45: the frontier's most overloaded point.
        var hundred = result.Frontier.Single(p => Math.Abs(p.Fraction - 1) < 1e-9);
        Assert.Equal(7 * 15, hundred.Windows[0].OverloadedSeconds);
        Assert.Equal((33 * 1 + 2 + 3 + 4 + 21 * 5) * 15 / 3600.0, hundred.Windows[0].ReplicaHours, 12);
    }

    [Fact]
    public void Run_WithoutTheFrontier_NoHpaAtEqualOverload()
    {
        var window = Assert.Single(Run(floor: 6).Windows);

        Assert.Null(window.HpaReplicaHoursAtEqualOverload);
    }

    [Fact]
    public void Run_CapacityNeverReachesDemand_ReadyAtIsNever()
    {
        // maxReplicas 4 caps the floor and the reactive count: 40 never carries 50.
        var policy = DemandPolicy.Builder(10, 10).Replicas(1, 4).Startup(TimeSpan.FromSeconds(60)).Unlimited().WithTolerance(0, 0)
            .OneOffPrewarm("surge", Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.Zero, replicas: 6)
            .Build();

        var result = new BacktestRunner().Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), Demand, "demand")), Settings, withFrontier: false);

        var window = Assert.Single(result.Windows);
        Assert.Null(window.ReadyAt);
        Assert.Equal(4, window.Floor);
        Assert.Equal(21 * 15, window.OverloadedSeconds); // 30:00..35:00: 50 > 40
    }

    [Fact]
    public void Run_Freeze_ScoredOnItsSpanWithItsOwnCounterfactual()
    {
        // A freeze over the surge's fall: without it the policy follows d down at once; with it, it holds 5.
        var policy = DemandPolicy.Builder(10, 10).Replicas(1, 20).Startup(TimeSpan.FromSeconds(60)).Unlimited().WithTolerance(0, 0)
            .Freeze(T0 + TimeSpan.FromMinutes(38), T0 + TimeSpan.FromMinutes(42))
            .Build();

        var result = new BacktestRunner().Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), Demand, "demand")), Settings, withFrontier: false);

        var window = Assert.Single(result.Windows);
        Assert.Equal(("freeze[0]", WindowKind.Freeze, null), (window.Window.Name, window.Window.Kind, window.Floor));
        Assert.Equal((T0 + TimeSpan.FromMinutes(38), T0 + TimeSpan.FromMinutes(42)), (window.Window.ScoredFrom, window.Window.ScoredTo));
        // d falls 50 -> 10 over 39m..40m; the policy ticks at its phase, 4.48s past each 15s: without the freeze 4
        // (39:19.48, d = 37.0), 3, 2, then 1 from 40:04.48, each seen from the next grid point (39:30, 39:45, 40:00,
        // 40:15) to 42:00; with it 5 until the freeze ends at 42:00 (exclusive). Extra: (1 + 2 + 3) + 7 x 4 = 34 grid points.
        Assert.Equal(34 * 15 / 3600.0, window.ExtraReplicaHours, 12);
        Assert.Equal(0, window.OverloadedSeconds);
    }

    [Fact]
    public void Run_WithPrice_CostsAreReplicaHoursTimesThePrice()
    {
        var result = Run(floor: 3, price: 0.5);

        Assert.Equal(0.5, result.PricePerReplicaHour);
        var window = Assert.Single(result.Windows);
        var cell = FirstCsvRow(result);
        Assert.Equal(window.ExtraReplicaHours * 0.5, Number(cell("extra_cost")), 12);
        Assert.Equal(window.ReplicaHours * 0.5, Number(cell("cost")), 12);
        Assert.Equal(window.OracleReplicaHours * 0.5, Number(cell("oracle_cost")), 12);
        Assert.Equal(string.Empty, cell("hpa_cost_at_equal_overload")); // no frontier was run
    }

    [Fact]
    public void Run_WithPriceAndFrontier_HpaCostAtEqualOverloadInCsv()
    {
        var result = Run(floor: 6, price: 0.5, withFrontier: true);

        var window = Assert.Single(result.Windows);
        var cell = FirstCsvRow(result);
        Assert.Equal(window.HpaReplicaHoursAtEqualOverload!.Value, Number(cell("hpa_replica_hours_at_equal_overload")), 12);
        Assert.Equal(window.HpaReplicaHoursAtEqualOverload.Value * 0.5, Number(cell("hpa_cost_at_equal_overload")), 12);
    }

    [Fact]
    public void Run_CalibratedPolicy_WindowReportsWhatItLearnedInside()
    {
        // Calibrated at 50% over 1h: the sizer is warm from the trace before Settings.From. Demand rises 10 -> 50
        // inside the window, so the window remembers rises and the trend adds growth.
        var policy = DemandPolicy.Builder(10, 10).Replicas(1, 20).Startup(TimeSpan.FromSeconds(60)).Unlimited().Calibrated(0.5, TimeSpan.FromHours(1))
            .OneOffPrewarm("surge", Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.Zero, replicas: 3).Build();

        var result = new BacktestRunner().Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), Demand, "demand")), Settings, withFrontier: false);

        var learned = Assert.Single(result.Windows).Learned;
        Assert.NotNull(learned);
        Assert.True(learned.Rises > 0, "rises remembered inside the window");
        Assert.True(learned.PeakGrowth > 0, "the 10 -> 50 rise adds trend growth");
        var cell = FirstCsvRow(result);
        Assert.Equal(learned.Rises, int.Parse(cell("in_window_rises"), CultureInfo.InvariantCulture));
        Assert.Equal(learned.PeakGrowth, Number(cell("trend_growth")), 12);
    }

    [Fact]
    public void Run_TargetModePolicy_NoInWindowLearning()
    {
        var result = Run(floor: 3);

        Assert.Null(Assert.Single(result.Windows).Learned);
        Assert.Equal("", FirstCsvRow(result)("in_window_rises"));
    }

    /// <summary>The first row of the result's windows.csv, cell by column name.</summary>
    private static Func<string, string> FirstCsvRow(BacktestResult result)
    {
        var csv = new StringWriter();
        WindowsCsv.Write(csv, result.Windows, result.PricePerReplicaHour);
        var cells = csv.ToString().Split('\n')[1].Split(',');
        var header = WindowsCsv.Header.Split(',');
        return name => cells[Array.IndexOf(header, name)];
    }

    private static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
