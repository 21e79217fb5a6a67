using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Hpa;

/// <summary>
/// The HPA controller's "current number of replicas below Spec.MinReplicas" branch: the count becomes minReplicas at
/// once, without reading metrics or applying behaviors, and no recommendation is recorded; the write is still a
/// scale event the step policies count.
/// </summary>
public static class BelowMinReplicas
{
    /// <summary>True when this branch applies instead of a normal decision.</summary>
    public static bool Applies(int current, int minReplicas) => current < minReplicas;

    /// <summary>
    /// The state after the HPA raised <paramref name="current"/> to <paramref name="minReplicas"/> at
    /// <paramref name="now"/>: the scale event recorded, the write remembered, and an empty history seeded with
    /// <paramref name="current"/> (as on the HPA's first sight of the target).
    /// </summary>
    public static EngineState Raise(EngineState state, DateTimeOffset now, int current, int minReplicas, ScalingRules scaleUp, ScalingRules scaleDown)
    {
        ArgumentNullException.ThrowIfNull(state);
        var seeded = state.IsEmpty ? state with { Recommendations = [new TimestampedRecommendation(now, current)] } : state;
        return seeded with
        {
            ScaleEvents = ScaleEventHistory.Store(seeded.ScaleEvents, now, current, minReplicas, scaleUp, scaleDown),
            LastWritten = minReplicas,
        };
    }
}
