using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Replay;

/// <summary>
/// When the replay decides (spec "Backtest model", ticks): at from + k x interval, and at every pre-warm edge
/// (start - lead, start, start + hold, start + hold + rampDown), as the daemon does. Ascending and distinct.
/// </summary>
internal static class TickSchedule
{
    public static List<DateTimeOffset> Build(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        var edges = WindowCalendar.PrewarmEdges(policy.Spec.Prewarm, from, to);
        var interval = policy.Spec.Interval;
        var ticks = new List<DateTimeOffset>((int)Math.Min(int.MaxValue, (to - from) / interval + edges.Count + 1));
        var e = 0;
        for (var t = from; t < to; t += interval)
        {
            while (e < edges.Count && edges[e] < t)
            {
                ticks.Add(edges[e++]);
            }

            if (e < edges.Count && edges[e] == t)
            {
                e++;
            }

            ticks.Add(t);
        }

        while (e < edges.Count)
        {
            ticks.Add(edges[e++]);
        }

        return ticks;
    }
}
