using PromoScaler.Backtest.Simulation;

namespace PromoScaler.Backtest.Tests.Simulation;

public class SimulatedTargetTests
{
    private static readonly DateTimeOffset T = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    [Fact]
    public void ReadyAt_ScaleUp_NewReplicasServeOnlyAfterStartup()
    {
        var target = new SimulatedTarget(2, Startup);

        target.Set(5, T);

        Assert.Equal(5, target.Requested);
        Assert.Equal(2, target.ReadyAt(T));
        Assert.Equal(2, target.ReadyAt(T + Startup - TimeSpan.FromSeconds(1)));
        Assert.Equal(5, target.ReadyAt(T + Startup));
    }

    [Fact]
    public void Set_ScaleDown_RemovesNotYetReadyFirstThenNewest()
    {
        var target = new SimulatedTarget(2, Startup); // 2 ready
        target.Set(5, T); // +3, ready at T + 90s
        target.Set(7, T + TimeSpan.FromSeconds(100)); // +2, ready at T + 190s
        var at = T + TimeSpan.FromSeconds(120); // 5 ready, 2 starting

        target.Set(4, at); // removes the 2 starting, then 1 of the newest ready cohort

        Assert.Equal(4, target.Requested);
        Assert.Equal(4, target.ReadyAt(at));
        Assert.Equal(4, target.ReadyAt(T + TimeSpan.FromSeconds(200)));
    }

    [Fact]
    public void Set_PartialScaleDown_TakesFromTheStartingReplicasOnly()
    {
        var target = new SimulatedTarget(2, Startup);
        target.Set(5, T);
        target.Set(7, T + TimeSpan.FromSeconds(100));
        var at = T + TimeSpan.FromSeconds(120);

        target.Set(6, at);

        Assert.Equal(5, target.ReadyAt(at)); // the ready ones are untouched
        Assert.Equal(6, target.ReadyAt(T + TimeSpan.FromSeconds(190)));
    }

    [Fact]
    public void Set_ScaleDownBeforeReady_RemovalIsImmediate()
    {
        var target = new SimulatedTarget(3, Startup);
        target.Set(6, T);

        target.Set(1, T + TimeSpan.FromSeconds(10));

        Assert.Equal(1, target.Requested);
        Assert.Equal(1, target.ReadyAt(T + TimeSpan.FromSeconds(10)));
        Assert.Equal(1, target.ReadyAt(T + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ReadyAt_RandomRequestsAndQueries_MatchesCountingEveryReplica()
    {
        // Reference: every replica with its own ready time, removed not-yet-ready first, then newest.
        var random = new Random(20261125);
        var target = new SimulatedTarget(3, Startup);
        var replicas = new List<DateTimeOffset> { DateTimeOffset.MinValue, DateTimeOffset.MinValue, DateTimeOffset.MinValue };
        var now = T;
        for (var step = 0; step < 5_000; step++)
        {
            now += TimeSpan.FromSeconds(random.Next(0, 60));
            if (random.Next(3) == 0)
            {
                var wanted = random.Next(0, 40);
                target.Set(wanted, now);
                if (wanted > replicas.Count)
                {
                    replicas.AddRange(Enumerable.Repeat(now + Startup, wanted - replicas.Count));
                }
                else
                {
                    replicas.RemoveRange(wanted, replicas.Count - wanted);
                }
            }

            // Mostly forward in time, as a replay asks; sometimes about the past, as a person might.
            var at = random.Next(10) == 0 ? now - TimeSpan.FromSeconds(random.Next(0, 200)) : now + TimeSpan.FromSeconds(random.Next(0, 15));
            Assert.Equal(replicas.Count(r => r <= at), target.ReadyAt(at));
        }
    }
}
