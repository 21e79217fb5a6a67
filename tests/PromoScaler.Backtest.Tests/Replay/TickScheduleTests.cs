using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Runtime;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class TickScheduleTests
{
    [Fact]
    public void Build_PrewarmWindow_FromThenTheDaemonsPhaseSlotsPlusEveryEdge()
    {
        var start = T0 + TimeSpan.FromSeconds(200);
        var policy = DemandPolicy.Builder()
            .Interval(TimeSpan.FromMinutes(1))
            .OneOffPrewarm("sale", start, TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45), replicas: 5)
            .Build();
        var phase = Cadence.PhaseOf("web", TimeSpan.FromMinutes(1)).TotalSeconds; // 34.48s: FNV-1a of the name

        var ticks = TickSchedule.Build(policy, T0, T0 + TimeSpan.FromMinutes(5));

        // The first tick at from (the daemon ticks at once when it starts), then phase + k x 60s on the UTC grid;
        // edges 130 (start - lead), 200 (start), 230 (hold end), 275 (end).
        double[] expected = [0, phase, phase + 60, 130, phase + 120, 200, phase + 180, 230, phase + 240, 275];
        Assert.Equal(34.48, phase, 2);
        Assert.Equal(expected.Select(s => T0 + TimeSpan.FromSeconds(s)), ticks);
    }

    [Fact]
    public void FromStart_SimulatedHpa_SyncsEveryIntervalFromTheStart()
    {
        var policy = DemandPolicy.Builder().Interval(TimeSpan.FromSeconds(15)).Build();
        var from = T0 + TimeSpan.FromSeconds(7);

        var ticks = TickSchedule.FromStart(policy, from, from + TimeSpan.FromMinutes(1)).ToList();

        Assert.Equal([0, 15, 30, 45], ticks.Select(t => (t - from).TotalSeconds));
    }

    [Fact]
    public void For_StartOnThePhaseGrid_NoExtraTick()
    {
        var policy = DemandPolicy.Builder().Interval(TimeSpan.FromSeconds(15)).Build();
        var from = T0 + Cadence.PhaseOf("web", TimeSpan.FromSeconds(15));

        var ticks = TickSchedule.Build(policy, from, from + TimeSpan.FromMinutes(1));

        Assert.Equal([0, 15, 30, 45], ticks.Select(t => (t - from).TotalSeconds));
    }
}
