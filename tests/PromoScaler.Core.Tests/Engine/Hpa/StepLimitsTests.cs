using PromoScaler.Core.Engine;
using PromoScaler.Core.Engine.Hpa;
using PromoScaler.Core.Policies;
using static PromoScaler.Core.Tests.Engine.Hpa.HpaFixtures;

namespace PromoScaler.Core.Tests.Engine.Hpa;

/// <summary>
/// Ported from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go: TestScalingWithRules,
/// TestConvertDesiredReplicasWithRules, TestCalculateScaleUpLimitWithScalingRules and
/// TestCalculateScaleDownLimitWithBehaviors. HpaCase names are HPA's.
/// </summary>
public sealed class StepLimitsTests
{
    public sealed record HpaCase(
        string Name,
        int Current,
        int Desired,
        int Min,
        int Max,
        ScalingRules? Up,
        ScalingRules? Down,
        List<ScaleEvent>? UpEvents,
        List<ScaleEvent>? DownEvents,
        int Expected,
        ScalingCondition Condition)
    {
        public override string ToString() => Name;
    }

    private static HpaCase C(
        string name, int current, int desired, int min, int max, int expected, ScalingCondition condition,
        ScalingRules? up = null, ScalingRules? down = null, List<ScaleEvent>? upEvents = null, List<ScaleEvent>? downEvents = null) =>
        new(name, current, desired, min, max, up, down, upEvents, downEvents, expected, condition);

    private static List<ScaleEvent> UpEv(params int[] c) => Uniform(c, 120, +1);

    private static List<ScaleEvent> DownEv(params int[] c) => Uniform(c, 120, -1);

    // TestScalingWithRules: every case of the table, in order.
    public static TheoryData<HpaCase> ScalingWithRules => new()
    {
        C("prenormalized desired replicas within range", 5, 7, 3, 8, 7, ScalingCondition.DesiredWithinRange),
        C("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, ScalingCondition.TooFewReplicas),
        C("prenormalized desired replicas within range when minReplicas is 0", 1, 0, 0, 10, 0, ScalingCondition.DesiredWithinRange),
        C("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, ScalingCondition.TooManyReplicas),
        C("desired replica count is more than the maximum replica count", 100, 1000, 100, 150, 150, ScalingCondition.TooManyReplicas),
        C("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", 3, 1000, 1, 2000, 4, ScalingCondition.ScaleUpLimit,
            up: Rules(0, 0, 1, 60, 0)),
        C("scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies", 1000, 3, 3, 2000, 980, ScalingCondition.ScaleDownLimit,
            down: Rules(20, 60, 0, 0, 0)),
        C("scaleUp with default behavior", 10, 50, 1, 1000, 20, ScalingCondition.ScaleUpLimit),
        C("scaleUp with pods policy larger than percent policy", 10, 500, 1, 1000, 110, ScalingCondition.ScaleUpLimit,
            up: Rules(100, 60, 100, 60, 0)),
        C("scaleUp with percent policy larger than pods policy", 10, 500, 1, 1000, 20, ScalingCondition.ScaleUpLimit,
            up: Rules(2, 60, 100, 60, 0)),
        C("scaleUp with spec MaxReplicas limitation with large pod policy", 10, 50, 1, 1000, 50, ScalingCondition.DesiredWithinRange,
            up: Rules(100, 60, 0, 0, 0)),
        C("scaleUp with spec MaxReplicas limitation with large percent policy", 10, 50, 1, 1000, 50, ScalingCondition.DesiredWithinRange,
            up: Rules(10000, 60, 0, 0, 0)),
        C("scaleUp with pod policy limitation", 10, 50, 1, 1000, 40, ScalingCondition.ScaleUpLimit,
            up: Rules(30, 60, 0, 0, 0)),
        C("scaleUp with percent policy limitation", 10, 50, 1, 1000, 30, ScalingCondition.ScaleUpLimit,
            up: Rules(0, 0, 200, 60, 0)),
        C("scaleDown with percent policy larger than pod policy", 100, 2, 1, 1000, 80, ScalingCondition.ScaleDownLimit,
            down: Rules(20, 60, 1, 60, 300)),
        C("scaleDown with pod policy larger than percent policy", 100, 2, 1, 1000, 98, ScalingCondition.ScaleDownLimit,
            down: Rules(2, 60, 1, 60, 300)),
        C("scaleDown with spec MinReplicas=nil limitation with large pod policy", 10, 0, 1, 1000, 1, ScalingCondition.TooFewReplicas,
            down: Rules(100, 60, 0, 0, 300)),
        C("scaleDown with spec MinReplicas limitation with large pod policy", 10, 0, 1, 1000, 1, ScalingCondition.TooFewReplicas,
            down: Rules(100, 60, 0, 0, 300)),
        C("scaleDown with spec MinReplicas limitation with large percent policy", 10, 2, 5, 1000, 5, ScalingCondition.TooFewReplicas,
            down: Rules(0, 0, 100, 60, 300)),
        C("scaleDown with pod policy limitation", 10, 2, 1, 1000, 5, ScalingCondition.ScaleDownLimit,
            down: Rules(5, 60, 0, 0, 300)),
        C("scaleDown with percent policy limitation", 10, 5, 1, 1000, 5, ScalingCondition.DesiredWithinRange,
            down: Rules(0, 0, 50, 60, 300)),
        C("scaleUp with spec MaxReplicas limitation with large pod policy and events", 100, 500, 1, 200, 200, ScalingCondition.TooManyReplicas,
            up: Rules(300, 60, 0, 0, 0), upEvents: UpEv(1, 5, 9)),
        C("scaleUp with spec MaxReplicas limitation with large percent policy and events", 100, 500, 1, 200, 200, ScalingCondition.TooManyReplicas,
            up: Rules(0, 0, 10000, 60, 0), upEvents: UpEv(1, 5, 9)),
        C("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", 100, 500, 1, 1000, 100, ScalingCondition.ScaleUpLimit,
            up: Rules(5, 120, 0, 0, 0), upEvents: UpEv(1, 5, 9)),
        C("scaleUp with pod policy and previous scale up events", 100, 500, 1, 1000, 235, ScalingCondition.ScaleUpLimit,
            up: Rules(150, 120, 0, 0, 0), upEvents: UpEv(1, 5, 9)),
        C("scaleUp with percent policy and previous scale up events", 100, 500, 1, 1000, 255, ScalingCondition.ScaleUpLimit,
            up: Rules(0, 0, 200, 120, 0), upEvents: UpEv(1, 5, 9)),
        C("scaleUp with percent policy and previous scale up and down events", 6, 24, 1, 1000, 16, ScalingCondition.ScaleUpLimit,
            up: Rules(0, 0, 300, 300, 0), upEvents: UpEv(4), downEvents: DownEv(2)),
        C("scaleDown with default policy and previous events", 10, 5, 1, 1000, 5, ScalingCondition.DesiredWithinRange,
            downEvents: DownEv(1, 5, 9)),
        C("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", 100, 0, 1, 1000, 1, ScalingCondition.TooFewReplicas,
            down: Rules(115, 120, 0, 0, 300), downEvents: DownEv(1, 5, 9)),
        C("scaleDown with spec MinReplicas limitation with large pod policy and previous events", 100, 0, 5, 1000, 5, ScalingCondition.TooFewReplicas,
            down: Rules(130, 120, 0, 0, 300), downEvents: DownEv(1, 5, 9)),
        C("scaleDown with spec MinReplicas limitation with large percent policy and previous events", 100, 2, 5, 1000, 5, ScalingCondition.TooFewReplicas,
            down: Rules(0, 0, 100, 120, 300), downEvents: DownEv(1, 5, 9)),
        C("scaleDown with pod policy limitation and previous events", 100, 2, 1, 1000, 100, ScalingCondition.ScaleDownLimit,
            down: Rules(5, 120, 0, 0, 300), downEvents: DownEv(1, 5, 9)),
        C("scaleDown with percent policy limitation and previous events", 100, 0, 1, 1000, 56, ScalingCondition.ScaleDownLimit,
            down: Rules(0, 0, 50, 120, 300), downEvents: DownEv(2, 4, 6)),
        C("scaleDown with percent policy and previous scale up and down events", 10, 1, 1, 1000, 6, ScalingCondition.ScaleDownLimit,
            down: Rules(0, 0, 50, 180, 0), upEvents: UpEv(2), downEvents: DownEv(4)),
        C("scaleDown with previous events preventing further scale down", 100, 0, 1, 1000, 100, ScalingCondition.ScaleDownLimit,
            down: Rules(0, 0, 10, 120, 300), downEvents: DownEv(10, 10, 10)),
        C("scaleDown with with previous events still allowing more scale down", 10, 5, 1, 1000, 5, ScalingCondition.DesiredWithinRange,
            down: Rules(0, 0, 1000, 120, 300), downEvents: DownEv(10, 10, 10)),
        C("check 'outdated' flag for events for one behavior for up", 100, 200, 1, 1000, 200, ScalingCondition.DesiredWithinRange,
            up: Rules(1000, 60, 0, 0, 0), upEvents: UpEv(8, 12, 9, 11)),
        C("check that events were not marked 'outdated' for two different policies in the behavior for up", 100, 200, 1, 1000, 200, ScalingCondition.DesiredWithinRange,
            up: Rules(1000, 120, 100, 60, 0), upEvents: UpEv(8, 12, 9, 11)),
        C("check that events were marked 'outdated' for two different policies in the behavior for up", 100, 200, 1, 1000, 200, ScalingCondition.DesiredWithinRange,
            up: Rules(1000, 30, 100, 60, 0), upEvents: UpEv(8, 12, 9, 11)),
        C("check 'outdated' flag for events for one behavior for down", 100, 5, 1, 1000, 5, ScalingCondition.DesiredWithinRange,
            down: Rules(1000, 60, 0, 0, 300), downEvents: DownEv(8, 12, 9, 11)),
        C("check that events were not marked 'outdated' for two different policies in the behavior for down", 100, 5, 1, 1000, 5, ScalingCondition.DesiredWithinRange,
            down: Rules(1000, 120, 100, 60, 300), downEvents: DownEv(8, 12, 9, 11)),
        C("check that events were marked 'outdated' for two different policies in the behavior for down", 100, 5, 1, 1000, 5, ScalingCondition.DesiredWithinRange,
            down: Rules(1000, 30, 100, 60, 300), downEvents: DownEv(8, 12, 9, 11)),
    };

    [Theory]
    [MemberData(nameof(ScalingWithRules))]
    public void Normalize_ScalingWithRulesCase_GivesHpaCountAndCondition(HpaCase c)
    {
        var events = new List<ScaleEvent>();
        events.AddRange(c.UpEvents ?? []);
        events.AddRange(c.DownEvents ?? []);

        var replicas = HpaReference.Normalize(
            c.Current, c.Desired, c.Min, c.Max, events, Now,
            c.Up ?? ScalingRules.DefaultScaleUp, c.Down ?? ScalingRules.DefaultScaleDown, out var condition);

        Assert.Equal(c.Expected, replicas);
        Assert.Equal(c.Condition, condition);
    }

    // TestConvertDesiredReplicasWithRules: the legacy path without behavior. Its first four cases give the same counts
    // through the default behavior, which PromoScaler always applies. The fifth ("scaleUpLimit is the limit because
    // scaleUpLimit < maxReplicas") expects the legacy calculateScaleUpLimit (a factor the test sets to 8), which has no
    // PromoScaler equivalent; Normalize_ScalingWithRulesCase covers the behavior-based scale-up limit instead.
    [Theory]
    [InlineData("prenormalized desired replicas within range", 5, 7, 3, 8, 7, ScalingCondition.DesiredWithinRange)]
    [InlineData("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, ScalingCondition.TooFewReplicas)]
    [InlineData("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, ScalingCondition.DesiredWithinRange)]
    [InlineData("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, ScalingCondition.TooManyReplicas)]
    public void Normalize_ConvertDesiredReplicasWithRulesCase_GivesHpaCount(
        string name, int current, int desired, int min, int max, int expected, ScalingCondition expectedCondition)
    {
        Assert.NotEmpty(name);
        var replicas = HpaReference.Normalize(
            current, desired, min, max, [], Now, ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown, out var condition);

        Assert.Equal(expected, replicas);
        Assert.Equal(expectedCondition, condition);
    }

    [Fact]
    public void ScaleUpLimit_CalculateScaleUpLimitWithScalingRules_MinSelectGivesTwo()
    {
        var rules = new ScalingRules(TimeSpan.FromSeconds(300), SelectPolicy.Min,
        [
            new StepPolicy(StepPolicyType.Pods, 2, TimeSpan.FromSeconds(60)),
            new StepPolicy(StepPolicyType.Percent, 50, TimeSpan.FromSeconds(60)),
        ]);

        Assert.Equal(2, StepLimits.ScaleUpLimit(1, [], Now, rules));
    }

    [Fact]
    public void ScaleDownLimit_CalculateScaleDownLimitWithBehaviors_MinSelectGivesThree()
    {
        var rules = new ScalingRules(TimeSpan.FromSeconds(300), SelectPolicy.Min,
        [
            new StepPolicy(StepPolicyType.Pods, 2, TimeSpan.FromSeconds(60)),
            new StepPolicy(StepPolicyType.Percent, 50, TimeSpan.FromSeconds(60)),
        ]);

        Assert.Equal(3, StepLimits.ScaleDownLimit(5, [], Now, rules));
    }

    [Fact]
    public void ScaleUpLimit_Disabled_KeepsCurrent()
    {
        var rules = ScalingRules.DefaultScaleUp with { SelectPolicy = SelectPolicy.Disabled };

        Assert.Equal(7, StepLimits.Limit(7, 20, [], Now, rules, ScalingRules.DefaultScaleDown, out _));
    }
}
