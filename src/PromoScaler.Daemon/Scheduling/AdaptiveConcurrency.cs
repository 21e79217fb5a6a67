namespace PromoScaler.Daemon.Scheduling;

/// <summary>
/// How many ticks run at once, sized from what the metric source and the API server answer: additive increase,
/// multiplicative decrease (AIMD, as TCP's congestion window and Netflix's concurrency-limits do). Each tick that
/// went through without strain adds 1 / limit (one more slot per limit's worth of good ticks); a strained tick (one
/// that ran over its budget or failed, a read that timed out, a target that throttled or was unavailable, or a tick
/// far slower than usual) takes a tenth off. The limit stays within [1, ceiling].
/// </summary>
internal sealed class AdaptiveConcurrency
{
    /// <summary>Where the limit starts: the former fixed concurrency.</summary>
    public const int Initial = 8;

    private const double Decrease = 0.9;
    private const double SlowFactor = 4;
    private static readonly TimeSpan SlowFloor = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _ceiling;
    private double _limit;
    private int _inFlight;
    private double _usualSeconds = double.NaN;

    public AdaptiveConcurrency(int ceiling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        _ceiling = ceiling;
        _limit = Math.Min(Initial, ceiling);
    }

    /// <summary>The ticks that may run at once now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return (int)_limit;
            }
        }
    }

    /// <summary>Waits for a slot.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_inFlight < (int)_limit)
            {
                _inFlight++;
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                // A cancelled waiter stays queued and is skipped when its turn comes.
                var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return waiter.Task;
        }
    }

    /// <summary>Gives the slot back with how the tick went; <paramref name="elapsed"/> is how long it took.</summary>
    public void Release(bool strained, TimeSpan elapsed)
    {
        lock (_lock)
        {
            var seconds = elapsed.TotalSeconds;
            var slow = !double.IsNaN(_usualSeconds) && elapsed > SlowFloor && seconds > SlowFactor * _usualSeconds;
            if (strained || slow)
            {
                _limit = Math.Max(1, _limit * Decrease);
            }
            else
            {
                _limit = Math.Min(_ceiling, _limit + (1 / _limit));
                _usualSeconds = double.IsNaN(_usualSeconds) ? seconds : (0.95 * _usualSeconds) + (0.05 * seconds);
            }

            _inFlight--;
            while (_inFlight < (int)_limit && _waiters.TryDequeue(out var next))
            {
                if (next.TrySetResult())
                {
                    _inFlight++;
                }
            }
        }
    }
}
