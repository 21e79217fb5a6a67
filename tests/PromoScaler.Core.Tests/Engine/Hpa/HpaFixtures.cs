using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Engine.Hpa;

/// <summary>The helpers of the HPA controller's tests, as facts: the same rules and event placement.</summary>
internal static class HpaFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>As HPA's <c>generateScalingRules</c>: Max select, a Pods policy then a Percent policy when non-zero.</summary>
    public static ScalingRules Rules(int pods, int podsPeriod, int percent, int percentPeriod, int stabilization)
    {
        var policies = new List<StepPolicy>();
        if (pods != 0)
        {
            policies.Add(new StepPolicy(StepPolicyType.Pods, pods, TimeSpan.FromSeconds(podsPeriod)));
        }

        if (percent != 0)
        {
            policies.Add(new StepPolicy(StepPolicyType.Percent, percent, TimeSpan.FromSeconds(percentPeriod)));
        }

        return new ScalingRules(TimeSpan.FromSeconds(stabilization), SelectPolicy.Max, policies);
    }

    /// <summary>
    /// As HPA's <c>generateEventsUniformDistribution</c>: the window [now - period, now] is cut into equal segments and
    /// each event sits in the middle of its segment, the first one oldest. <paramref name="sign"/> is +1 for scale-up
    /// events and -1 for scale-down events.
    /// </summary>
    public static List<ScaleEvent> Uniform(int[] changes, int periodSeconds, int sign)
    {
        var segment = (double)periodSeconds / changes.Length;
        var events = new List<ScaleEvent>();
        for (var i = 0; i < changes.Length; i++)
        {
            var secondsAgo = periodSeconds - (segment * (i + 1)) + (segment / 2);
            events.Add(new ScaleEvent(Now - TimeSpan.FromSeconds(secondsAgo), sign * changes[i]));
        }

        return events;
    }
}
