using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class TickScheduleTests
{
    [Fact]
    public void Build_PrewarmWindow_IntervalTicksPlusEveryEdge()
    {
        var start = T0 + TimeSpan.FromSeconds(200);
        var policy = DemandPolicy.Builder()
            .Interval(TimeSpan.FromMinutes(1))
            .OneOffPrewarm("sale", start, TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45), replicas: 5)
            .Build();

        var ticks = TickSchedule.Build(policy, T0, T0 + TimeSpan.FromMinutes(5));

        // Interval ticks 0, 60, 120, 180, 240; edges 130 (start - lead), 200 (start), 230 (hold end), 275 (end).
        int[] expected = [0, 60, 120, 130, 180, 200, 230, 240, 275];
        Assert.Equal(expected.Select(s => T0 + TimeSpan.FromSeconds(s)), ticks);
    }
}
