using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Calendar;

/// <summary>
/// The occurrences of one pre-warm window active at an instant, enumerated without allocating (the engine's hot
/// path). Same rule and same cron instants as <see cref="WindowCalendar.ActivePrewarms"/>: active when
/// start - lead &lt;= t &lt; start + hold + rampDown, i.e. start in (t - hold - rampDown, t + lead], earliest first.
/// </summary>
public readonly struct ActivePrewarms
{
    private readonly PrewarmWindow _window;
    private readonly DateTimeOffset _after;
    private readonly DateTimeOffset _notAfter;

    private ActivePrewarms(PrewarmWindow window, DateTimeOffset after, DateTimeOffset notAfter)
    {
        _window = window;
        _after = after;
        _notAfter = notAfter;
    }

    /// <summary>The occurrences of <paramref name="window"/> active at <paramref name="t"/>.</summary>
    public static ActivePrewarms At(PrewarmWindow window, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new ActivePrewarms(window, t - window.Hold - window.RampDown, t + window.Lead);
    }

    /// <summary>The occurrences of <paramref name="window"/> that start in (<paramref name="after"/>, <paramref name="notAfter"/>].</summary>
    public static ActivePrewarms StartingBetween(PrewarmWindow window, DateTimeOffset after, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new ActivePrewarms(window, after, notAfter);
    }

    public Enumerator GetEnumerator() => new(_window, _after, _notAfter);

    /// <summary>The same occurrences as a sequence, for callers off the hot path.</summary>
    public IEnumerable<PrewarmOccurrence> ToEnumerable()
    {
        foreach (var occurrence in this)
        {
            yield return occurrence;
        }
    }

    /// <summary>Walks the starts in (after, notAfter].</summary>
    public struct Enumerator
    {
        private readonly PrewarmWindow _window;
        private readonly DateTimeOffset _notAfter;
        private DateTimeOffset _after;
        private bool _done;

        internal Enumerator(PrewarmWindow window, DateTimeOffset after, DateTimeOffset notAfter)
        {
            _window = window;
            _after = after;
            _notAfter = notAfter;
            _done = false;
            Current = default;
        }

        public PrewarmOccurrence Current { get; private set; }

        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            DateTimeOffset? next;
            if (_window.Cron is { } cron)
            {
                next = cron.Next(_after);
            }
            else
            {
                next = _window.Start;
                _done = true;
            }

            if (next is not { } start || start <= _after || start > _notAfter)
            {
                _done = true;
                return false;
            }

            _after = start;
            Current = new PrewarmOccurrence(_window, start);
            return true;
        }
    }
}
