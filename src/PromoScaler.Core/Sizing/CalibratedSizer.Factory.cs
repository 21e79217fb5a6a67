using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Sizing;

/// <summary>How a policy's metric gets its <see cref="CalibratedSizer"/>.</summary>
public sealed partial class CalibratedSizer
{
    /// <summary>
    /// The calibrated sizer a policy's metric needs, or null when the policy sizes in target mode.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="metric">One of its metrics.</param>
    /// <param name="signalLag">Metric delay + half the rate window of the readings the model is fed.</param>
    public static CalibratedSizer? For(ScalingPolicy policy, MetricSpec metric, TimeSpan signalLag)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(metric);
        var spec = policy.Spec;
        return spec.Sizing.Mode == SizingMode.Calibrated
            ? new CalibratedSizer(metric.Name, spec.Sizing, metric.EffectiveCapacityPerReplica, spec.Startup, spec.Interval, signalLag, prewarms: spec.Prewarm)
            : null;
    }
}
