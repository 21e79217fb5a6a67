namespace PromoScaler.Core.Policies;

/// <summary>
/// The values the loader uses for fields a policy leaves out. The JSON Schema states the same defaults;
/// the step-policy defaults are <see cref="ScalingRules.DefaultScaleUp"/> and <see cref="ScalingRules.DefaultScaleDown"/> (HPA's).
/// </summary>
public static class PolicyDefaults
{
    /// <summary><c>spec.interval</c>: 15s, HPA's default sync period.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(15);

    /// <summary><c>spec.startup</c>: 0s.</summary>
    public static TimeSpan Startup { get; } = TimeSpan.Zero;

    /// <summary><c>spec.guardrails.minReplicas</c>: 1, as HPA.</summary>
    public const int MinReplicas = 1;

    /// <summary><c>spec.guardrails.tolerance</c>: 10% both ways, HPA's default tolerance.</summary>
    public static Tolerance Tolerance => Tolerance.Default;

    /// <summary>The floor of the <c>spec.guardrails.maxStaleness</c> default, which is max(2m, 2 x interval).</summary>
    public static TimeSpan MinDefaultMaxStaleness { get; } = TimeSpan.FromMinutes(2);

    /// <summary><c>spec.guardrails.onMissingMetrics</c>: hold.</summary>
    public const MissingMetricsAction OnMissingMetrics = MissingMetricsAction.Hold;

    /// <summary><c>spec.prediction.headroom</c>: 0%.</summary>
    public static Percentage Headroom { get; } = Percentage.FromFraction(0);

    /// <summary><c>spec.prediction.trust</c>: window 2h, maxError 25%.</summary>
    public static TrustSpec Trust { get; } = new(TimeSpan.FromHours(2), Percentage.FromPercent(25));

    /// <summary><c>spec.prewarm[].rampDown</c>: 0s (the floor ends at start + hold).</summary>
    public static TimeSpan RampDown { get; } = TimeSpan.Zero;

    /// <summary><c>timeZone</c> of a cron window: UTC.</summary>
    public static TimeZoneInfo TimeZone => TimeZoneInfo.Utc;

    /// <summary>maxStaleness when the policy leaves it out: max(2m, 2 x interval).</summary>
    public static TimeSpan MaxStaleness(TimeSpan interval) =>
        interval * 2 > MinDefaultMaxStaleness ? interval * 2 : MinDefaultMaxStaleness;
}
