namespace PromoScaler.Core.Sizing;

/// <summary>What <see cref="SamplePeriod"/> remembers, as plain values for the state store.</summary>
/// <param name="Spacings">The last spacings between sample arrivals, oldest first.</param>
/// <param name="LastArrival">The latest arrival (null: none since the last invalid reading).</param>
/// <param name="Last">The last two valid readings, oldest first (what the next reading is extrapolated from).</param>
/// <param name="InArrival">Whether the last reading was new information (part of an arrival).</param>
public sealed record SampleSpacingState(IReadOnlyList<TimeSpan> Spacings, DateTimeOffset? LastArrival, IReadOnlyList<TimedReading> Last, bool InArrival);

/// <summary>
/// Estimates online how often the metric's samples really arrive, from the readings alone: the period of the source
/// behind the query (a 15 s scrape, a 1-minute log roll-up, a 5-minute cloud metric), whatever the interval it is
/// read at.
/// </summary>
/// <remarks>
/// <para>A reading is new information when it departs from the straight line through the two before it (relative
/// tolerance 1e-6, far above rounding and far below any real change): between two samples of the source a rate over
/// a window, an interpolation or a held value all move on a straight line (a held value on a flat one). Consecutive
/// new readings are one arrival (a sample smeared over the rate window); the spacing between the first readings of
/// consecutive arrivals is one sample period or a multiple of it (a sample equal to the line adds no arrival). The
/// period is the smallest of the last <see cref="Kept"/> spacings: a multiple never hides the period once two
/// consecutive samples have changed the line, and an error can only make it shorter, i.e. the hold before this rule.</para>
/// <para>When every reading is new (a source sampled at least as often as it is read) there are no arrivals to space
/// and the period is 0: the interval already in the re-add horizon covers the wait for the next reading. An invalid
/// reading starts the estimate of the line anew (a gap is not a period), and until a reading on the line has been
/// seen a new one is not taken for the start of an arrival (it may be the middle of one).</para>
/// </remarks>
internal sealed class SamplePeriod
{
    /// <summary>Spacings kept: about 2.5 hours of 5-minute samples.</summary>
    public const int Kept = 32;

    private const double Tolerance = 1e-6;
    private readonly Queue<TimeSpan> _spacings = new();
    private TimedReading? _before;
    private TimedReading? _last;
    private DateTimeOffset? _lastArrival;
    private bool _inArrival = true; // until a reading on the line is seen, a new one may be the middle of an arrival

    /// <summary>The sample period observed: the smallest recent spacing between arrivals, 0 when none was seen.</summary>
    public TimeSpan Period { get; private set; }

    /// <summary>Feeds a reading (null: invalid); instants ascend.</summary>
    public void Observe(DateTimeOffset t, double? value)
    {
        if (value is not { } v)
        {
            _before = _last = null;
            _lastArrival = null;
            _inArrival = true;
            return;
        }

        var reading = new TimedReading(t, v);
        if (_before is { } a && _last is { } b)
        {
            var isNew = Departs(a, b, reading);
            if (isNew && !_inArrival)
            {
                if (_lastArrival is { } previous)
                {
                    _spacings.Enqueue(t - previous);
                    while (_spacings.Count > Kept)
                    {
                        _spacings.Dequeue();
                    }

                    Period = _spacings.Min();
                }

                _lastArrival = t;
            }

            _inArrival = isNew;
        }

        _before = _last;
        _last = reading;
    }

    /// <summary>The memory as plain values.</summary>
    public SampleSpacingState Export() =>
        new([.. _spacings], _lastArrival, _before is { } a && _last is { } b ? [a, b] : _last is { } l ? [l] : [], _inArrival);

    /// <summary>Loads a memory exported by <see cref="Export"/>.</summary>
    public void Restore(SampleSpacingState state)
    {
        _spacings.Clear();
        foreach (var spacing in state.Spacings.TakeLast(Kept))
        {
            _spacings.Enqueue(spacing);
        }

        Period = _spacings.Count == 0 ? TimeSpan.Zero : _spacings.Min();
        _lastArrival = state.LastArrival;
        _before = state.Last.Count >= 2 ? state.Last[^2] : null;
        _last = state.Last.Count >= 1 ? state.Last[^1] : null;
        _inArrival = state.InArrival;
    }

    /// <summary>Whether <paramref name="c"/> leaves the line through <paramref name="a"/> and <paramref name="b"/>.</summary>
    private static bool Departs(TimedReading a, TimedReading b, TimedReading c)
    {
        var span = (b.Time - a.Time).Ticks;
        var expected = span <= 0 ? b.Value : b.Value + ((b.Value - a.Value) * (c.Time - b.Time).Ticks / span);
        var scale = Math.Max(Math.Abs(a.Value), Math.Max(Math.Abs(b.Value), Math.Abs(c.Value)));
        return Math.Abs(c.Value - expected) > Tolerance * scale;
    }
}
