using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Hpa;

/// <summary>
/// The HPA v2 step policies (<c>behavior.scaleUp/scaleDown.policies</c>): how far the count may move from the count
/// at the start of each policy's period.
/// </summary>
public static class StepLimits
{
    /// <summary>
    /// The highest count the scale-up rules allow (HPA <c>calculateScaleUpLimitWithScalingRules</c>): per policy,
    /// <c>periodStart = current - added in period + removed in period</c>, then <c>ceil(periodStart x (1 + value/100))</c>
    /// (Percent) or <c>periodStart + value</c> (Pods); Max takes the largest, Min the smallest; Disabled gives current.
    /// </summary>
    public static int ScaleUpLimit(int current, IReadOnlyList<ScaleEvent> events, DateTimeOffset now, ScalingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.SelectPolicy == SelectPolicy.Disabled)
        {
            return current;
        }

        var min = rules.SelectPolicy == SelectPolicy.Min;
        long result = min ? long.MaxValue : long.MinValue;
        for (var i = 0; i < rules.Policies.Count; i++)
        {
            var policy = rules.Policies[i];
            long periodStart = PeriodStart(current, events, now, policy.Period);
            long proposed = policy.Type == StepPolicyType.Pods
                ? periodStart + policy.Value
                : ToLong(Math.Ceiling(periodStart * (1 + (policy.Value / 100.0))));
            result = min ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }

        return Clamp(result);
    }

    /// <summary>
    /// The lowest count the scale-down rules allow (HPA <c>calculateScaleDownLimitWithBehaviors</c>): per policy,
    /// <c>trunc(periodStart x (1 - value/100))</c> (Percent) or <c>periodStart - value</c> (Pods); Max takes the most
    /// permissive (lowest), Min the least (highest); Disabled gives current.
    /// </summary>
    public static int ScaleDownLimit(int current, IReadOnlyList<ScaleEvent> events, DateTimeOffset now, ScalingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.SelectPolicy == SelectPolicy.Disabled)
        {
            return current;
        }

        var min = rules.SelectPolicy == SelectPolicy.Min;
        long result = min ? long.MinValue : long.MaxValue;
        for (var i = 0; i < rules.Policies.Count; i++)
        {
            var policy = rules.Policies[i];
            long periodStart = PeriodStart(current, events, now, policy.Period);
            long proposed = policy.Type == StepPolicyType.Pods
                ? periodStart - policy.Value
                : ToLong(Math.Truncate(periodStart * (1 - (policy.Value / 100.0))));
            result = min ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }

        return Clamp(result);
    }

    /// <summary>
    /// Moves from <paramref name="current"/> toward <paramref name="desired"/> no further than the step policies allow;
    /// a limit never moves the count the wrong way (a limit below current when scaling up means "stay").
    /// </summary>
    public static int Limit(
        int current,
        int desired,
        IReadOnlyList<ScaleEvent> events,
        DateTimeOffset now,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        out int limit)
    {
        if (desired > current)
        {
            limit = Math.Max(ScaleUpLimit(current, events, now, scaleUp), current);
            return Math.Min(desired, limit);
        }

        if (desired < current)
        {
            limit = Math.Min(ScaleDownLimit(current, events, now, scaleDown), current);
            return Math.Max(desired, limit);
        }

        limit = current;
        return desired;
    }

    private static int PeriodStart(int current, IReadOnlyList<ScaleEvent> events, DateTimeOffset now, TimeSpan period) =>
        current
        - ScaleEventHistory.ReplicasChangePerPeriod(events, now, period, scaleUp: true)
        + ScaleEventHistory.ReplicasChangePerPeriod(events, now, period, scaleUp: false);

    private static long ToLong(double value) =>
        value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)value;

    private static int Clamp(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
