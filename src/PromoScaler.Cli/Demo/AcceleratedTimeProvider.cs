namespace PromoScaler.Cli.Demo;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than the one beneath it, from <see cref="Start"/>: after one
/// real second at 60x, <see cref="GetUtcNow"/> has moved a minute and a timer due in a minute has fired. Everything
/// the daemon waits on (its tick interval, timeouts, pod startup in the simulated cluster) goes through
/// <see cref="CreateTimer"/>, so the whole system keeps its proportions, only faster.
/// </summary>
internal sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _realStart;
    private readonly long _realStartTimestamp;

    /// <param name="real">The clock beneath (the system clock; a FakeTimeProvider in tests).</param>
    /// <param name="start">What <see cref="GetUtcNow"/> reads now.</param>
    /// <param name="speed">Simulated seconds per real second, above 0.</param>
    public AcceleratedTimeProvider(TimeProvider real, DateTimeOffset start, double speed)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        if (!double.IsFinite(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "the speed must be finite");
        }

        _real = real;
        _realStart = real.GetUtcNow();
        _realStartTimestamp = real.GetTimestamp();
        Start = start;
        Speed = speed;
    }

    /// <summary>The simulated instant the clock started at.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Start + Scale(_real.GetUtcNow() - _realStart);

    /// <inheritdoc />
    public override long GetTimestamp() =>
        _realStartTimestamp + (long)((_real.GetTimestamp() - _realStartTimestamp) * Speed);

    /// <summary>How long a simulated span lasts in real time.</summary>
    public TimeSpan RealDuration(TimeSpan simulated) => ToReal(simulated);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    private TimeSpan Scale(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks * Speed));

    // Infinite and zero mean "never" and "now" in both clocks; any other span shrinks by the speed.
    private TimeSpan ToReal(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : TimeSpan.FromTicks((long)Math.Ceiling(simulated.Ticks / Speed));

    /// <summary>A timer of the clock beneath whose due time and period are given in simulated time.</summary>
    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
