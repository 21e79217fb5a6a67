using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Engine.Hpa;

/// <summary>Which bound decided a normalized count (HPA's <c>ScalingLimited</c> condition reasons).</summary>
public enum ScalingCondition
{
    /// <summary>The desired count was inside every bound.</summary>
    DesiredWithinRange,
    /// <summary>The scale-up step policies limited the count.</summary>
    ScaleUpLimit,
    /// <summary>The scale-down step policies limited the count.</summary>
    ScaleDownLimit,
    /// <summary>maxReplicas limited the count.</summary>
    TooManyReplicas,
    /// <summary>minReplicas limited the count.</summary>
    TooFewReplicas,
}

/// <summary>
/// HPA's own compositions of the engine's HPA parts, as the HPA controller's tests state them: the engine applies the
/// same parts in the spec's order (with freeze and budget between them), so these exist only to run HPA's test tables
/// against the production step limits and stabilization.
/// </summary>
internal static class HpaReference
{
    /// <summary>
    /// Step policies then min/max, as HPA's <c>convertDesiredReplicasWithBehaviorRate</c>, with the condition that
    /// decided the count.
    /// </summary>
    public static int Normalize(
        int current,
        int desired,
        int minReplicas,
        int maxReplicas,
        IReadOnlyList<ScaleEvent> events,
        DateTimeOffset now,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        out ScalingCondition condition)
    {
        if (desired > current)
        {
            var upLimit = Math.Max(StepLimits.ScaleUpLimit(current, events, now, scaleUp), current);
            var maxAllowed = maxReplicas;
            condition = ScalingCondition.TooManyReplicas;
            if (maxAllowed > upLimit)
            {
                maxAllowed = upLimit;
                condition = ScalingCondition.ScaleUpLimit;
            }

            if (desired > maxAllowed)
            {
                return maxAllowed;
            }
        }
        else if (desired < current)
        {
            var downLimit = Math.Min(StepLimits.ScaleDownLimit(current, events, now, scaleDown), current);
            var minAllowed = minReplicas;
            condition = ScalingCondition.TooFewReplicas;
            if (minAllowed < downLimit)
            {
                minAllowed = downLimit;
                condition = ScalingCondition.ScaleDownLimit;
            }

            if (desired < minAllowed)
            {
                return minAllowed;
            }
        }

        condition = ScalingCondition.DesiredWithinRange;
        return desired;
    }

    /// <summary>
    /// HPA's <c>stabilizeRecommendationWithBehaviors</c>: the engine's <see cref="Stabilization.Recommend"/>, then the
    /// raw value recorded into HPA's full history (<see cref="Record"/>).
    /// </summary>
    public static int Stabilize(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int current,
        int raw,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        out TimestampedRecommendation[] updated)
    {
        var stabilized = Stabilization.Recommend(recommendations, now, current, raw, scaleUp, scaleDown);
        updated = Record(recommendations, now, raw, scaleUp, scaleDown);
        return stabilized;
    }

    /// <summary>
    /// HPA's full history: <paramref name="raw"/> replaces the last recommendation older than both windows, or is
    /// appended. The engine keeps a compact one (<see cref="Stabilization.RecordCompact"/>) that must stabilize alike.
    /// </summary>
    public static TimestampedRecommendation[] Record(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int raw,
        ScalingRules scaleUp,
        ScalingRules scaleDown)
    {
        var upCutoff = now - scaleUp.Stabilization;
        var downCutoff = now - scaleDown.Stabilization;
        var oldIndex = -1;
        for (var i = 0; i < recommendations.Count; i++)
        {
            if (recommendations[i].Timestamp < upCutoff && recommendations[i].Timestamp < downCutoff)
            {
                oldIndex = i;
            }
        }

        var updated = new TimestampedRecommendation[oldIndex >= 0 ? recommendations.Count : recommendations.Count + 1];
        for (var i = 0; i < recommendations.Count; i++)
        {
            updated[i] = recommendations[i];
        }

        updated[oldIndex >= 0 ? oldIndex : recommendations.Count] = new TimestampedRecommendation(now, raw);
        return updated;
    }
}
