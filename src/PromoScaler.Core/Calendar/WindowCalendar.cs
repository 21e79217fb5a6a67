using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Calendar;

/// <summary>
/// Occurrences of pre-warm and freeze windows. The engine (which windows are active now), the backtest and the
/// daemon's scheduler (when the edges are) and <c>validate</c> (the next occurrences) all ask this one place,
/// so they agree; every cron instant comes from <see cref="CronSchedule"/>.
/// </summary>
public static class WindowCalendar
{
    /// <summary>
    /// Occurrences of <paramref name="window"/> active at <paramref name="t"/>, earliest start first. Several cron
    /// occurrences can overlap when lead + hold + rampDown exceeds the cron period.
    /// </summary>
    public static IEnumerable<PrewarmOccurrence> ActivePrewarms(PrewarmWindow window, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(window);

        return Calendar.ActivePrewarms.At(window, t).ToEnumerable();
    }

    /// <summary>Occurrences whose active range intersects [<paramref name="from"/>, <paramref name="to"/>), by start.</summary>
    public static IEnumerable<PrewarmOccurrence> PrewarmsBetween(PrewarmWindow window, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(window);

        // Intersects when start - lead < to and start + hold + rampDown > from.
        var lastStart = to + window.Lead - TimeSpan.FromTicks(1);
        return Calendar.ActivePrewarms.StartingBetween(window, from - window.Hold - window.RampDown, lastStart).ToEnumerable();
    }

    /// <summary>The next <paramref name="count"/> occurrences that have not ended by <paramref name="after"/>.</summary>
    public static IEnumerable<PrewarmOccurrence> NextPrewarms(PrewarmWindow window, DateTimeOffset after, int count) =>
        PrewarmsBetween(window, after, DateTimeOffset.MaxValue - window.Lead).Take(count);

    /// <summary>
    /// Every pre-warm edge (start - lead, start, start + hold, end) of <paramref name="windows"/> inside
    /// [<paramref name="from"/>, <paramref name="to"/>), ascending and distinct: the extra ticks of the daemon and the backtest.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> PrewarmEdges(IEnumerable<PrewarmWindow> windows, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(windows);

        var edges = new SortedSet<DateTimeOffset>();
        foreach (var window in windows)
        {
            foreach (var occurrence in PrewarmsBetween(window, from, to))
            {
                foreach (var edge in occurrence.Edges())
                {
                    if (edge >= from && edge < to)
                    {
                        edges.Add(edge);
                    }
                }
            }
        }

        return [.. edges];
    }

    /// <summary>The occurrence of <paramref name="window"/> active at <paramref name="t"/>, if any.</summary>
    public static FreezeOccurrence? ActiveFreeze(FreezeWindow window, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(window);

        if (window.Cron is null)
        {
            var once = OneOffFreeze(window);
            return once.IsActiveAt(t) ? once : null;
        }

        // Active when start <= t < start + duration, i.e. start in (t - duration, t]; the latest such start wins.
        var duration = window.Duration.GetValueOrDefault();
        FreezeOccurrence? active = null;
        for (var start = window.Cron.Next(t - duration); start is { } s && s <= t; start = window.Cron.Next(s))
        {
            active = new FreezeOccurrence(window, s, s + duration);
        }

        return active;
    }

    /// <summary>True when any of <paramref name="windows"/> forbids scale-down at <paramref name="t"/>.</summary>
    public static bool IsFrozen(IEnumerable<FreezeWindow> windows, DateTimeOffset t, out FreezeOccurrence occurrence)
    {
        ArgumentNullException.ThrowIfNull(windows);

        foreach (var window in windows)
        {
            if (ActiveFreeze(window, t) is { } active)
            {
                occurrence = active;
                return true;
            }
        }

        occurrence = default;
        return false;
    }

    /// <summary>The next <paramref name="count"/> occurrences that have not ended by <paramref name="after"/>.</summary>
    public static IEnumerable<FreezeOccurrence> NextFreezes(FreezeWindow window, DateTimeOffset after, int count)
    {
        ArgumentNullException.ThrowIfNull(window);

        if (window.Cron is null)
        {
            var once = OneOffFreeze(window);
            return once.Until > after ? [once] : [];
        }

        return FreezesFrom(window, after).Take(count);
    }

    private static IEnumerable<FreezeOccurrence> FreezesFrom(FreezeWindow window, DateTimeOffset after)
    {
        var duration = window.Duration.GetValueOrDefault();
        for (var start = window.Cron!.Next(after - duration); start is { } s; start = window.Cron.Next(s))
        {
            yield return new FreezeOccurrence(window, s, s + duration);
        }
    }

    private static FreezeOccurrence OneOffFreeze(FreezeWindow window) =>
        new(window, window.Start.GetValueOrDefault(), window.End.GetValueOrDefault());
}
