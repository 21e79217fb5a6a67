namespace PromoScaler.Cli.Demo;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than the one beneath it, from <see cref="Start"/>: after one
/// real second at 60x, <see cref="GetUtcNow"/> has moved a minute and a timer due in a minute has fired. Everything
/// the daemon waits on (its tick interval, timeouts, pod startup in the simulated cluster) goes through
/// <see cref="CreateTimer"/>, so the whole system keeps its proportions, only faster.
/// </summary>
/// <remarks>
/// A clock created held stands still at <see cref="Start"/> until <see cref="Run"/>, and the timers created meanwhile
/// start counting then: the seconds a cold process spends starting (an hour of simulated time at 600x) do not eat
/// into what the demo has planned after its start.
/// </remarks>
internal sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly Lock _gate = new();
    private List<ScaledTimer>? _held;
    private DateTimeOffset _realStart;
    private long _realStartTimestamp;
    private volatile bool _running;

    /// <param name="real">The clock beneath (the system clock; a FakeTimeProvider in tests).</param>
    /// <param name="start">What <see cref="GetUtcNow"/> reads now (or, when <paramref name="held"/>, until <see cref="Run"/>).</param>
    /// <param name="speed">Simulated seconds per real second, above 0.</param>
    /// <param name="held">Stand still until <see cref="Run"/>.</param>
    public AcceleratedTimeProvider(TimeProvider real, DateTimeOffset start, double speed, bool held = false)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        if (!double.IsFinite(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "the speed must be finite");
        }

        _real = real;
        Start = start;
        Speed = speed;
        _realStartTimestamp = real.GetTimestamp();
        if (held)
        {
            _held = [];
        }
        else
        {
            Anchor();
        }
    }

    /// <summary>The simulated instant the clock started at.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <summary>Lets a held clock run from <see cref="Start"/>, now; the timers created while it was held start counting.</summary>
    public void Run()
    {
        List<ScaledTimer> held;
        lock (_gate)
        {
            if (_held is null)
            {
                return;
            }

            Anchor();
            held = _held;
            _held = null;
        }

        foreach (var timer in held)
        {
            timer.Arm();
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _running ? Start + Scale(_real.GetUtcNow() - _realStart) : Start;

    /// <inheritdoc />
    public override long GetTimestamp() =>
        _running ? _realStartTimestamp + (long)((_real.GetTimestamp() - _realStartTimestamp) * Speed) : _realStartTimestamp;

    /// <summary>How long a simulated span lasts in real time.</summary>
    public TimeSpan RealDuration(TimeSpan simulated) => ToReal(simulated);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ScaledTimer(this, callback, state, dueTime, period);
        lock (_gate)
        {
            if (_held is not null)
            {
                _held.Add(timer);
                return timer;
            }
        }

        timer.Arm();
        return timer;
    }

    private void Anchor()
    {
        _realStart = _real.GetUtcNow();
        _realStartTimestamp = _real.GetTimestamp();
        _running = true;
    }

    private TimeSpan Scale(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks * Speed));

    // Infinite and zero mean "never" and "now" in both clocks; any other span shrinks by the speed, rounded up so
    // that a timer never fires before its simulated due time.
    private TimeSpan ToReal(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : TimeSpan.FromTicks((long)Math.Ceiling(simulated.Ticks / Speed));

    /// <summary>A timer of the clock beneath whose due time and period are given in simulated time.</summary>
    private sealed class ScaledTimer(AcceleratedTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) : ITimer
    {
        private readonly Lock _gate = new();
        private ITimer? _inner;
        private TimeSpan _dueTime = dueTime;
        private TimeSpan _period = period;
        private bool _disposed;

        /// <summary>Starts counting on the clock beneath.</summary>
        public void Arm()
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _inner = clock._real.CreateTimer(callback, state, clock.ToReal(_dueTime), clock.ToReal(_period));
                }
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_inner is null)
                {
                    (_dueTime, _period) = (dueTime, period);
                    return !_disposed;
                }

                return _inner.Change(clock.ToReal(dueTime), clock.ToReal(period));
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _inner?.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
