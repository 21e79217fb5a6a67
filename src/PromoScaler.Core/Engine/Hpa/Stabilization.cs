using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Hpa;

/// <summary>HPA v2 stabilization of recommendations (<c>stabilizeRecommendationWithBehaviors</c>).</summary>
public static class Stabilization
{
    /// <summary>
    /// The stabilized count, recording nothing:
    /// <c>clamp(current, min(scaleUp-window recommendations and raw), max(scaleDown-window recommendations and raw))</c>,
    /// where a window holds the recommendations strictly after <c>now - stabilization</c>.
    /// </summary>
    /// <param name="recommendations">The history; not modified.</param>
    /// <param name="now">The decision instant.</param>
    /// <param name="current">The target's current count.</param>
    /// <param name="raw">Raw desired (step 5).</param>
    /// <param name="scaleUp">Scale-up rules (their stabilization window).</param>
    /// <param name="scaleDown">Scale-down rules (their stabilization window).</param>
    public static int Recommend(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int current,
        int raw,
        ScalingRules scaleUp,
        ScalingRules scaleDown)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var (upCutoff, downCutoff) = Cutoffs(now, scaleUp, scaleDown);
        var upRecommendation = raw;
        var downRecommendation = raw;
        for (var i = 0; i < recommendations.Count; i++)
        {
            var r = recommendations[i];
            if (r.Timestamp > upCutoff)
            {
                upRecommendation = Math.Min(upRecommendation, r.Replicas);
            }

            if (r.Timestamp > downCutoff)
            {
                downRecommendation = Math.Max(downRecommendation, r.Replicas);
            }
        }

        return Math.Min(Math.Max(current, upRecommendation), downRecommendation);
    }

    /// <summary>
    /// Records <paramref name="raw"/> and keeps only the recommendations that can still change a stabilized count, so
    /// the remembered state stays small: one is dropped when it is outside both windows for good (at or before the
    /// earlier cutoff), or when a recommendation at least as recent is at least as large and another one at least as
    /// recent is at least as small (every later window that holds it holds those, so the window's min and max are
    /// unchanged). For unchanged windows, <see cref="Recommend"/> then gives the same counts as HPA's full history.
    /// The result is in time order.
    /// </summary>
    // Long on purpose: a hot path on stack buffers (sort, mark what still matters, copy); split, the spans would have to be passed around.
    public static TimestampedRecommendation[] RecordCompact(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int raw,
        ScalingRules scaleUp,
        ScalingRules scaleDown)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(scaleUp);
        ArgumentNullException.ThrowIfNull(scaleDown);

        var count = recommendations.Count;
        Span<TimestampedRecommendation> sorted = count <= 64 ? stackalloc TimestampedRecommendation[count] : new TimestampedRecommendation[count];
        var inOrder = true;
        for (var i = 0; i < count; i++)
        {
            sorted[i] = recommendations[i];
            inOrder &= i == 0 || sorted[i - 1].Timestamp <= sorted[i].Timestamp;
        }

        if (!inOrder)
        {
            // A stable sort: entries with one timestamp keep their order, the later one counting as more recent.
            var indexed = new (TimestampedRecommendation R, int I)[count];
            for (var i = 0; i < count; i++)
            {
                indexed[i] = (sorted[i], i);
            }

            Array.Sort(indexed, static (a, b) => a.R.Timestamp != b.R.Timestamp ? a.R.Timestamp.CompareTo(b.R.Timestamp) : a.I.CompareTo(b.I));
            for (var i = 0; i < count; i++)
            {
                sorted[i] = indexed[i].R;
            }
        }

        var cutoff = now - (scaleUp.Stabilization > scaleDown.Stabilization ? scaleUp.Stabilization : scaleDown.Stabilization);
        Span<bool> keep = count <= 256 ? stackalloc bool[count] : new bool[count];
        var kept = 1;
        var maxLater = raw;
        var minLater = raw;
        for (var i = count - 1; i >= 0; i--)
        {
            var r = sorted[i];
            keep[i] = r.Timestamp > now || (r.Timestamp > cutoff && !(maxLater >= r.Replicas && minLater <= r.Replicas));
            if (keep[i])
            {
                kept++;
                maxLater = Math.Max(maxLater, r.Replicas);
                minLater = Math.Min(minLater, r.Replicas);
            }
        }

        var result = new TimestampedRecommendation[kept];
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if (keep[i])
            {
                result[n++] = sorted[i];
            }
        }

        result[n] = new TimestampedRecommendation(now, raw);
        return result;
    }

    // The instants after which a recommendation is inside the scale-up and the scale-down window.
    private static (DateTimeOffset Up, DateTimeOffset Down) Cutoffs(DateTimeOffset now, ScalingRules scaleUp, ScalingRules scaleDown)
    {
        ArgumentNullException.ThrowIfNull(scaleUp);
        ArgumentNullException.ThrowIfNull(scaleDown);
        return (now - scaleUp.Stabilization, now - scaleDown.Stabilization);
    }
}
