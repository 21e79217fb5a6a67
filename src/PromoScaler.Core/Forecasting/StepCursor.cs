namespace PromoScaler.Core.Forecasting;

/// <summary>
/// Which step samples of the prediction metric a forecaster still has to be fed: samples are stamped on the UTC
/// step grid (k x step), oldest first, each exactly once. The backtest's feeder and the daemon's Prometheus feed walk
/// the same grid, so a backtest feeds its model exactly the samples the daemon would.
/// </summary>
public sealed class StepCursor
{
    private readonly long _stepTicks;

    /// <summary>Starts at the first grid stamp at or after <paramref name="first"/>.</summary>
    /// <param name="step">The prediction's <c>step</c>; positive.</param>
    /// <param name="first">The earliest instant a sample may be stamped at.</param>
    public StepCursor(TimeSpan step, DateTimeOffset first)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        Step = step;
        _stepTicks = step.Ticks;
        Next = Ceiling(first);
    }

    /// <summary>The resolution.</summary>
    public TimeSpan Step { get; }

    /// <summary>The stamp of the next sample to feed.</summary>
    public DateTimeOffset Next { get; private set; }

    /// <summary>The newest grid stamp at or before <paramref name="newest"/> (the last sample that exists by then).</summary>
    public DateTimeOffset Floor(DateTimeOffset newest) => new(newest.UtcTicks / _stepTicks * _stepTicks, TimeSpan.Zero);

    /// <summary>True when a sample stamped at most <paramref name="newest"/> has not been fed yet.</summary>
    public bool HasDue(DateTimeOffset newest) => Next <= newest;

    /// <summary>
    /// The stamps not fed yet that exist by <paramref name="newest"/>, oldest first; the cursor moves past each one
    /// as it is enumerated.
    /// </summary>
    public IEnumerable<DateTimeOffset> TakeDue(DateTimeOffset newest)
    {
        for (; Next <= newest; Next += Step)
        {
            yield return Next;
        }
    }

    private DateTimeOffset Ceiling(DateTimeOffset t) =>
        new((t.UtcTicks + _stepTicks - 1) / _stepTicks * _stepTicks, TimeSpan.Zero);
}
