using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Hpa;

/// <summary>
/// The scale events the step policies count (HPA <c>scaleUpEvents</c> / <c>scaleDownEvents</c>), kept as one list
/// of signed changes: +n for a scale-up, -n for a scale-down.
/// </summary>
public static class ScaleEventHistory
{
    /// <summary>
    /// Replicas added (<paramref name="scaleUp"/>) or removed in the last <paramref name="period"/>: the sum of the
    /// events of that direction strictly after <c>now - period</c> (HPA <c>getReplicasChangePerPeriod</c>).
    /// </summary>
    public static int ReplicasChangePerPeriod(IReadOnlyList<ScaleEvent> events, DateTimeOffset now, TimeSpan period, bool scaleUp)
    {
        ArgumentNullException.ThrowIfNull(events);
        var cutoff = now - period;
        long change = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Timestamp > cutoff && (e.Change > 0) == scaleUp && e.Change != 0)
            {
                change += Math.Abs((long)e.Change);
            }
        }

        return (int)Math.Min(change, int.MaxValue);
    }

    /// <summary>The longest period among <paramref name="rules"/>' policies (HPA <c>getLongestPolicyPeriod</c>).</summary>
    public static TimeSpan LongestPeriod(ScalingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var longest = TimeSpan.Zero;
        for (var i = 0; i < rules.Policies.Count; i++)
        {
            if (rules.Policies[i].Period > longest)
            {
                longest = rules.Policies[i].Period;
            }
        }

        return longest;
    }

    /// <summary>
    /// Records the write <paramref name="previous"/> -> <paramref name="next"/> (HPA <c>storeScaleEvent</c>): events
    /// of the same direction older than that direction's longest policy period are outdated, and the last outdated
    /// one is replaced by the new event; without one, the event is appended. The input is not modified.
    /// </summary>
    public static IReadOnlyList<ScaleEvent> Store(
        IReadOnlyList<ScaleEvent> events,
        DateTimeOffset now,
        int previous,
        int next,
        ScalingRules scaleUp,
        ScalingRules scaleDown)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (next == previous)
        {
            return events;
        }

        var up = next > previous;
        var cutoff = now - LongestPeriod(up ? scaleUp : scaleDown);
        var outdated = -1;
        for (var i = 0; i < events.Count; i++)
        {
            if ((events[i].Change > 0) == up && events[i].Timestamp < cutoff)
            {
                outdated = i;
            }
        }

        var stored = new ScaleEvent(now, next - previous);
        ScaleEvent[] result;
        if (outdated >= 0)
        {
            result = new ScaleEvent[events.Count];
            Copy(events, result);
            result[outdated] = stored;
        }
        else
        {
            result = new ScaleEvent[events.Count + 1];
            Copy(events, result);
            result[^1] = stored;
        }

        return result;
    }

    /// <summary>True when <paramref name="e"/> is outside its direction's longest policy period at <paramref name="now"/>.</summary>
    public static bool IsOutdated(ScaleEvent e, DateTimeOffset now, ScalingRules scaleUp, ScalingRules scaleDown) =>
        e.Timestamp < now - LongestPeriod(e.Change > 0 ? scaleUp : scaleDown);

    private static void Copy<T>(IReadOnlyList<T> source, T[] target)
    {
        for (var i = 0; i < source.Count; i++)
        {
            target[i] = source[i];
        }
    }
}
