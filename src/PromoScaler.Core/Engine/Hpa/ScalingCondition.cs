namespace PromoScaler.Core.Engine.Hpa;

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
