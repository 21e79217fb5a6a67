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
    private readonly DateTimeOffset _t;

    private ActivePrewarms(PrewarmWindow window, DateTimeOffset t)
    {
        _window = window;
        _t = t;
    }

    /// <summary>The occurrences of <paramref name="window"/> active at <paramref name="t"/>.</summary>
    public static ActivePrewarms At(PrewarmWindow window, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new ActivePrewarms(window, t);
    }

    public Enumerator GetEnumerator() => new(_window, _t - _window.Hold - _window.RampDown, _t + _window.Lead);

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
