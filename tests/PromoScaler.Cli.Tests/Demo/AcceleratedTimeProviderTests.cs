using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Demo;

namespace PromoScaler.Cli.Tests.Demo;

public sealed class AcceleratedTimeProviderTests
{
    private static readonly DateTimeOffset RealStart = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SimulatedStart = new(2026, 12, 1, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_AfterOneRealSecondAt60x_ReadsOneSimulatedMinuteLater()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 60);

        Assert.Equal(SimulatedStart, clock.GetUtcNow());
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SimulatedStart + TimeSpan.FromMinutes(1), clock.GetUtcNow());
        real.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(SimulatedStart + TimeSpan.FromSeconds(90), clock.GetUtcNow());
    }

    [Fact]
    public void GetElapsedTime_CountsSimulatedTime()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 600);
        var started = clock.GetTimestamp();

        real.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromMinutes(20), clock.GetElapsedTime(started));
    }

    [Fact]
    public async Task Delay_OfOneSimulatedMinuteAt60x_EndsAfterOneRealSecondAndNotBefore()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 60);

        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock);
        real.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromMilliseconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        Assert.True(clock.GetUtcNow() >= SimulatedStart + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Timer_WithAPeriod_FiresAtEveryScaledPeriod_AndChangeIsScaledToo()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 15);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

        for (var i = 0; i < 3; i++)
        {
            real.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([SimulatedStart.AddSeconds(15), SimulatedStart.AddSeconds(30), SimulatedStart.AddSeconds(45)], fired);

        timer.Change(TimeSpan.FromSeconds(150), Timeout.InfiniteTimeSpan);
        real.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(3, fired.Count);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SimulatedStart.AddSeconds(195), Assert.Single(fired.Skip(3)));
        real.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, fired.Count);
    }

    [Fact]
    public void CancellationTokenSource_WithASimulatedTimeout_CancelsAtTheScaledTime()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 120);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10), clock);

        real.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(timeout.IsCancellationRequested);
        real.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(timeout.IsCancellationRequested);
    }

    [Fact]
    public void HeldClock_StandsStillUntilRun_AndItsTimersCountFromThen()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 60, held: true);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        var started = clock.GetTimestamp();

        real.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SimulatedStart, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetElapsedTime(started));
        Assert.Empty(fired);

        clock.Run();
        real.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(fired);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SimulatedStart + TimeSpan.FromMinutes(5), Assert.Single(fired));
    }

    [Fact]
    public void HeldTimer_ChangedOrDisposedBeforeRun_KeepsTheChange()
    {
        var real = new FakeTimeProvider(RealStart);
        var clock = new AcceleratedTimeProvider(real, SimulatedStart, 60, held: true);
        var changed = 0;
        var disposed = 0;
        using var a = clock.CreateTimer(_ => changed++, null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        var b = clock.CreateTimer(_ => disposed++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        Assert.True(a.Change(TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan));
        b.Dispose();

        clock.Run();
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, changed);
        Assert.Equal(0, disposed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_WithASpeedThatIsNotPositiveAndFinite_Throws(double speed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedTimeProvider(new FakeTimeProvider(RealStart), SimulatedStart, speed));
}
