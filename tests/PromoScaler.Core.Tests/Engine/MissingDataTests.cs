using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

public sealed class MissingDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    private static EngineState Remembered(int current) =>
        EngineState.Empty with { LastWritten = current, Recommendations = [new(Now.AddHours(-1), current)] };

    /// <summary>rps (target 100, maxValue 1e6) and cpu (target 1, completeness at least 90%), no stabilization.</summary>
    private static EngineRun TwoMetrics(int current) => new(
        new PolicyBuilder().Metric("rps", 100, maxValue: 1_000_000).Metric("cpu", 1, minCompleteness: 0.9).Unlimited().Build(),
        current,
        Now)
    { State = Remembered(current) };

    public static TheoryData<string, MetricReading?, ReasonCode> InvalidCpuReadings => new()
    {
        { "no reading", null, ReasonCode.NoData },
        { "empty result", MetricReading.Empty("cpu", Now), ReasonCode.NoData },
        { "query error", MetricReading.Failed("cpu", ReadFailure.QueryError, "parse error", Now), ReasonCode.QueryError },
        { "read failed", MetricReading.Failed("cpu", ReadFailure.ReadFailed, "503", Now), ReasonCode.ReadFailed },
        { "timeout", MetricReading.Failed("cpu", ReadFailure.Timeout, null, Now), ReasonCode.Timeout },
        { "circuit open", MetricReading.Failed("cpu", ReadFailure.CircuitOpen, null, Now), ReasonCode.CircuitOpen },
        { "two series", new MetricReading("cpu", 1, 2, Now, Completeness: 1), ReasonCode.MultipleSeries },
        { "NaN", new MetricReading("cpu", double.NaN, 1, Now, Completeness: 1), ReasonCode.NotANumber },
        { "+Inf", new MetricReading("cpu", double.PositiveInfinity, 1, Now, Completeness: 1), ReasonCode.Infinite },
        { "-Inf", new MetricReading("cpu", double.NegativeInfinity, 1, Now, Completeness: 1), ReasonCode.Infinite },
        { "negative", new MetricReading("cpu", -3, 1, Now, Completeness: 1), ReasonCode.Negative },
        { "stale", new MetricReading("cpu", 2, 1, Now.AddMinutes(-3), Completeness: 1), ReasonCode.Stale },
        { "unknown freshness", new MetricReading("cpu", 2, 1, null, Completeness: 1), ReasonCode.Stale },
        { "incomplete", new MetricReading("cpu", 2, 1, Now, Completeness: 0.5), ReasonCode.Incomplete },
        { "completeness unknown", new MetricReading("cpu", 2, 1, Now), ReasonCode.Incomplete },
    };

    [Theory]
    [MemberData(nameof(InvalidCpuReadings))]
    public void Decide_OneMetricInvalidOtherSaysScaleDown_HoldsCurrentAndExplains(string name, MetricReading? cpu, ReasonCode expected)
    {
        Assert.NotEmpty(name);
        var run = TwoMetrics(20);
        MetricReading[] readings = cpu is null ? [MetricReading.Of("rps", 500, Now)] : [MetricReading.Of("rps", 500, Now), cpu];

        var decision = run.Tick(readings);

        Assert.Contains(decision.Explanation, s => s.Stage == DecisionStage.Signals && s.Subject == "cpu" && s.Code == expected);
        Assert.Equal(20, decision.Desired);
        Assert.Equal(ReasonCode.InvalidMetricBlocksScaleDown, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(InvalidCpuReadings))]
    public void Decide_OneMetricInvalidOtherSaysScaleUp_ScalesUpOnTheValidOne(string name, MetricReading? cpu, ReasonCode expected)
    {
        Assert.NotEmpty(name);
        _ = expected;
        var run = TwoMetrics(20);
        MetricReading[] readings = cpu is null ? [MetricReading.Of("rps", 3500, Now)] : [MetricReading.Of("rps", 3500, Now), cpu];

        var decision = run.Tick(readings);

        Assert.Equal(35, decision.Desired);
        Assert.Equal(35, decision.Components.Reactive);
    }

    [Fact]
    public void Decide_AboveMaxValue_InvalidNotObeyed()
    {
        var run = TwoMetrics(20);

        var decision = run.Tick(MetricReading.Of("rps", 5_000_000, Now), new MetricReading("cpu", 20, 1, Now, Completeness: 1));

        var step = Assert.Single(decision.Explanation, s => s.Subject == "rps" && s.Stage == DecisionStage.Signals);
        Assert.Equal(ReasonCode.AboveMaxValue, step.Code);
        Assert.Equal(1_000_000, step.Limit);
        Assert.Equal(20, decision.Desired);
    }

    [Fact]
    public void Decide_EmptyResultWithWhenEmptyZero_IsATrueZero()
    {
        var policy = new PolicyBuilder().Metric("queue", 10, whenEmpty: EmptyResultMode.Zero).Replicas(1, 100).Unlimited().Build();
        var run = new EngineRun(policy, 8, Now) { State = Remembered(8) };

        var decision = run.Tick(MetricReading.Empty("queue", Now));

        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.MetricValid && s.Value == 0);
        Assert.Equal(1, decision.Desired);
    }

    [Fact]
    public void Decide_NoValidMetricWithHold_KeepsCurrent()
    {
        var run = TwoMetrics(20);

        var decision = run.Tick(MetricReading.Empty("rps", Now), MetricReading.Empty("cpu", Now));

        Assert.Equal(20, decision.Desired);
        Assert.Null(decision.Components.Reactive);
        Assert.Equal(ReasonCode.HoldOnMissingMetrics, decision.Reason);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.NoValidMetrics);
    }

    [Fact]
    public void Decide_NoValidMetricWithScaleUp_MovesToFallbackThroughScaleUpPolicies()
    {
        var policy = new PolicyBuilder().Replicas(1, 100).OnMissingScaleUp(60).Build();
        var run = new EngineRun(policy, 10, Now) { State = Remembered(10) };

        var counts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            counts.Add(run.Tick(MetricReading.Empty("rps", run.Now)).Desired);
            run.Advance(TimeSpan.FromSeconds(15));
        }

        // HPA default scale-up, max(100%, 4 pods) per 15s: 10 -> 20 -> 40 -> 60.
        Assert.Equal([20, 40, 60, 60], counts);
        Assert.Equal(ReasonCode.FallbackScaleUp, run.Last!.Reason);
    }

    [Fact]
    public void Decide_NoValidMetricWithScaleUpBelowCurrent_NeverLowers()
    {
        var policy = new PolicyBuilder().Replicas(1, 100).OnMissingScaleUp(5).Unlimited().Build();
        var run = new EngineRun(policy, 30, Now) { State = Remembered(30) };

        Assert.Equal(30, run.Tick(MetricReading.Empty("rps", Now)).Desired);
    }

    [Fact]
    public void Decide_NoValidMetric_PrewarmStillApplies()
    {
        var policy = new PolicyBuilder().Replicas(1, 100).Unlimited()
            .OneOffPrewarm("sale", Now, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.Zero, replicas: 40).Build();
        var run = new EngineRun(policy, 10, Now) { State = Remembered(10) };

        var decision = run.Tick(MetricReading.Failed("rps", ReadFailure.Timeout, null, Now));

        Assert.Equal(40, decision.Desired);
        Assert.Equal(ReasonCode.PrewarmFloor, decision.Reason);
    }
}
