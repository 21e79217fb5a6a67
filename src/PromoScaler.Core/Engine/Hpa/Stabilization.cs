using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Hpa;

/// <summary>HPA v2 stabilization of recommendations (<c>stabilizeRecommendationWithBehaviors</c>).</summary>
public static class Stabilization
{
    /// <summary>
    /// <c>clamp(current, min(scaleUp-window recommendations and raw), max(scaleDown-window recommendations and raw))</c>,
    /// where a window holds the recommendations strictly after <c>now - stabilization</c>. The raw value is then
    /// recorded as HPA does: it replaces the last recommendation older than both windows, or is appended.
    /// </summary>
    /// <param name="recommendations">The history; not modified.</param>
    /// <param name="now">The decision instant.</param>
    /// <param name="current">The target's current count.</param>
    /// <param name="raw">Raw desired (step 5).</param>
    /// <param name="scaleUp">Scale-up rules (their stabilization window).</param>
    /// <param name="scaleDown">Scale-down rules (their stabilization window).</param>
    /// <param name="updated">The history with <paramref name="raw"/> recorded.</param>
    public static int Stabilize(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int current,
        int raw,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        out TimestampedRecommendation[] updated)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(scaleUp);
        ArgumentNullException.ThrowIfNull(scaleDown);

        var upCutoff = now - scaleUp.Stabilization;
        var downCutoff = now - scaleDown.Stabilization;
        var upRecommendation = raw;
        var downRecommendation = raw;
        var oldIndex = -1;
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

            if (r.Timestamp < upCutoff && r.Timestamp < downCutoff)
            {
                oldIndex = i;
            }
        }

        var stabilized = current;
        if (stabilized < upRecommendation)
        {
            stabilized = upRecommendation;
        }

        if (stabilized > downRecommendation)
        {
            stabilized = downRecommendation;
        }

        var record = new TimestampedRecommendation(now, raw);
        updated = new TimestampedRecommendation[oldIndex >= 0 ? recommendations.Count : recommendations.Count + 1];
        for (var i = 0; i < recommendations.Count; i++)
        {
            updated[i] = recommendations[i];
        }

        updated[oldIndex >= 0 ? oldIndex : recommendations.Count] = record;
        return stabilized;
    }
}
