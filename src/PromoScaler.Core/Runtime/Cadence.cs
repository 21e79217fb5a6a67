using PromoScaler.Core.Calendar;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Runtime;

/// <summary>
/// When a policy is evaluated, as rules both drivers follow: the daemon's scheduler and the backtest's replay tick at
/// the same instants. A policy ticks at its interval (at a phase of its own), at every edge of its windows, and again
/// once a step the step policies limited can go further.
/// </summary>
public static class Cadence
{
    /// <summary>
    /// The phase of a policy within its interval: FNV-1a of its name modulo the interval, so it is the same on every
    /// replica and every run, and a thousand policies with one interval spread over it instead of ticking together.
    /// </summary>
    public static TimeSpan PhaseOf(string name, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return TimeSpan.FromTicks((long)(hash % (ulong)interval.Ticks));
    }

    /// <summary>The first slot of a cadence (<paramref name="phase"/> + k x <paramref name="interval"/> on the UTC grid) strictly after <paramref name="t"/>.</summary>
    public static DateTimeOffset SlotAfter(DateTimeOffset t, TimeSpan phase, TimeSpan interval)
    {
        var k = Math.DivRem(t.UtcTicks - phase.Ticks, interval.Ticks, out var rest);
        k += rest < 0 ? 0 : 1;
        return new DateTimeOffset(phase.Ticks + (k * interval.Ticks), TimeSpan.Zero);
    }

    /// <summary>
    /// When a decision the step policies limited (<c>scaleUpLimited</c>, <c>scaleDownLimited</c>) at
    /// <paramref name="now"/> can go further: the HPA rule counts the changes within each policy's period, so the
    /// first instant a change in the limited direction leaves its period (one period from now when none is in it).
    /// Null for any other decision.
    /// </summary>
    public static DateTimeOffset? FollowUpAt(ScalingPolicy policy, DateTimeOffset now, Decision? decision)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var up = decision?.Reason == ReasonCode.ScaleUpLimited;
        if (decision is null || !(up || decision.Reason == ReasonCode.ScaleDownLimited))
        {
            return null;
        }

        var rules = up ? policy.Spec.Guardrails.ScaleUp : policy.Spec.Guardrails.ScaleDown;
        if (rules.Policies.Count == 0)
        {
            return null;
        }

        return decision.State.ScaleEvents
            .Where(e => up ? e.Change > 0 : e.Change < 0)
            .SelectMany(e => rules.Policies.Select(p => e.Timestamp + p.Period))
            .Where(t => t > now)
            .DefaultIfEmpty(now + rules.Policies.Min(p => p.Period))
            .Min();
    }

    /// <summary>
    /// The window edges of <paramref name="policy"/> in [<paramref name="from"/>, <paramref name="to"/>), ascending and
    /// distinct: every pre-warm edge (start - lead, start, start + hold, end of rampDown), the node windows a VM group
    /// gets from its hosted pods, and every freeze edge (start, end), as the calendar computes them with Cronos.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Edges(ScalingPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(policy);
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
