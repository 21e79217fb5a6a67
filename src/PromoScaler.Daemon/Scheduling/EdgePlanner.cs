using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Daemon.Scheduling;

/// <summary>
/// The instants at which a policy gets an extra evaluation: every pre-warm edge (start - lead, start, start + hold,
/// end of rampDown), the node windows a VM group gets from its hosted pods, and every freeze edge (start, end), as the core calendar computes them with Cronos. The
/// scheduler only fires at these instants; it never parses a cron expression itself.
/// </summary>
internal static class EdgePlanner
{
    /// <summary>The edges of <paramref name="policy"/> in [<paramref name="from"/>, <paramref name="to"/>), ascending and distinct.</summary>
    public static IReadOnlyList<DateTimeOffset> Edges(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        // A VM group also wakes at the node windows of the pods it hosts (start - lead - its startup).
        var windows = policy.Spec.Prewarm.Concat(policy.Spec.HostedPrewarm.Select(h => h.Window)).ToList();
        var edges = new SortedSet<DateTimeOffset>(WindowCalendar.PrewarmEdges(windows, from, to));
        foreach (var window in policy.Spec.Guardrails.Freeze)
        {
            foreach (var occurrence in FreezesUntil(window, from, to))
            {
                foreach (var edge in new[] { occurrence.From, occurrence.Until })
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

    private static IEnumerable<FreezeOccurrence> FreezesUntil(FreezeWindow window, DateTimeOffset from, DateTimeOffset to)
    {
        // Occurrences come in start order; the first starting at or after the horizon ends the walk.
        const int Batch = 64;
        var after = from;
        while (true)
        {
            var batch = WindowCalendar.NextFreezes(window, after, Batch).ToList();
            foreach (var occurrence in batch)
            {
                if (occurrence.From >= to)
                {
                    yield break;
                }

                yield return occurrence;
            }

            if (batch.Count < Batch || batch[^1].Until <= after)
            {
                yield break;
            }

            after = batch[^1].Until;
        }
    }
}
