using PromoScaler.Core.Engine;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

public sealed class GuardrailTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A state with history but nothing in any window: a steady policy whose raw count is obeyed.</summary>
    private static EngineState Remembered(int current) => EngineState.Empty with { LastWritten = current, Recommendations = [new(Now.AddHours(-1), current)] };

    [Fact]
    public void Decide_FreezeWindow_BlocksScaleDownButNotScaleUp()
    {
        var policy = new PolicyBuilder().Unlimited().Freeze(Now.AddHours(-1), Now.AddHours(1)).Build();
        var run = new EngineRun(policy, 10, Now) { State = Remembered(10) };

        var down = run.Tick(300);
        var up = run.Tick(2000);

        Assert.Equal(10, down.Desired);
        Assert.Equal(ReasonCode.FreezeWindow, down.Reason);
        Assert.Equal(20, up.Desired);
        Assert.Equal(DecisionAction.Scale, up.Action);
    }

    [Fact]
    public void Decide_CronFreeze_ActiveOnlyInsideItsDuration()
    {
        var policy = new PolicyBuilder().Unlimited().FreezeCron("0 20 * * *", "Asia/Shanghai", TimeSpan.FromHours(2)).Build();
        var inside = new EngineRun(policy, 10, new DateTimeOffset(2026, 11, 11, 13, 0, 0, TimeSpan.Zero)) { State = Remembered(10) };
        var after = new EngineRun(policy, 10, new DateTimeOffset(2026, 11, 11, 14, 0, 0, TimeSpan.Zero)) { State = Remembered(10) };

        Assert.Equal(10, inside.Tick(300).Desired);
        Assert.Equal(3, after.Tick(300).Desired);
    }

    [Fact]
    public void Decide_BudgetBelowReactive_CapsAtAffordableReplicas()
    {
        var policy = new PolicyBuilder().Unlimited().Budget(pricePerReplicaHour: 0.5, maxPerHour: 15).Build();
        var run = new EngineRun(policy, 10, Now) { State = Remembered(10) };

        var decision = run.Tick(8000);

        Assert.Equal(30, decision.Desired);
        Assert.Equal(ReasonCode.BudgetCapped, decision.Reason);
    }

    [Fact]
    public void Decide_BudgetQuotientExactInDecimal_AffordsTheWholeQuotient()
    {
        // floor(0.3 / 0.1) = 3; in binary floating point 0.3 / 0.1 is 2.9999999999999996.
        var policy = new PolicyBuilder().Unlimited().Budget(pricePerReplicaHour: 0.1, maxPerHour: 0.3).Build();
        var run = new EngineRun(policy, 3, Now) { State = Remembered(3) };

        var decision = run.Tick(8000);

        Assert.Equal(3, decision.Desired);
        Assert.Equal(ReasonCode.BudgetCapped, decision.Reason);
    }

    [Fact]
    public void Decide_BudgetBelowPrewarm_NeverCutsThePrewarm()
    {
        var policy = new PolicyBuilder().Unlimited().Budget(0.5, 15)
            .OneOffPrewarm("sale", Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.Zero, replicas: 50).Build();
        var run = new EngineRun(policy, 50, Now) { State = Remembered(50) };

        var decision = run.Tick(100);

        Assert.Equal(50, decision.Desired);
        Assert.Equal(ReasonCode.BudgetExceededByFloor, decision.Reason);
    }

    [Fact]
    public void Decide_BudgetWhileMetricInvalid_NeverScalesDown()
    {
        var policy = new PolicyBuilder().Metric("rps", 100).Metric("cpu", 1).Unlimited().Budget(1, 20).Build();
        var run = new EngineRun(policy, 40, Now) { State = Remembered(40) };

        var decision = run.Tick(MetricReading.Of("rps", 6000, Now), MetricReading.Empty("cpu", Now));

        Assert.Equal(40, decision.Desired);
        Assert.Equal(ReasonCode.InvalidMetricBlocksScaleDown, decision.Reason);
    }

    [Fact]
    public void Decide_ExternalChange_RecordedAndContinuesFromNewValue()
    {
        var run = new EngineRun(new PolicyBuilder().Build(), 14, Now) { State = Remembered(10) };

        var decision = run.Tick(1400);

        var step = Assert.Single(decision.Explanation, s => s.Code == ReasonCode.ExternalChange);
        Assert.Equal((10, 14), (step.Before!.Value, step.After!.Value));
        Assert.Equal(14, decision.Current);
        Assert.Equal(14, decision.Desired);
        Assert.Equal(14, decision.State.LastWritten);
    }

    [Fact]
    public void Decide_TargetScaledToZero_BehavesAsPausedAndPrewarmDoesNotWakeIt()
    {
        var policy = new PolicyBuilder().Replicas(2, 100)
            .OneOffPrewarm("sale", Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.Zero, replicas: 50).Build();
        var run = new EngineRun(policy, 0, Now) { State = Remembered(10) };

        var decision = run.Tick(5000);

        Assert.Equal(DecisionAction.None, decision.Action);
        Assert.Equal(0, decision.Desired);
        Assert.Equal(ReasonCode.TargetScaledToZero, decision.Reason);
        Assert.True(decision.State.Paused);
    }

    [Fact]
    public void Decide_AfterTargetScaledToZero_ResumeReseedsHistory()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(2, 100).Build(), 0, Now) { State = Remembered(10) };
        run.Tick(500);
        run.Current = 8;

        var resumed = run.Advance(TimeSpan.FromMinutes(1)).Tick(200);

        Assert.Contains(resumed.Explanation, s => s.Code == ReasonCode.ResumeReseeded && s.After == 8);
        Assert.Equal(8, resumed.Desired);
        Assert.Equal(ReasonCode.Stabilized, resumed.Reason);
    }

    [Fact]
    public void Decide_SeededAfterLostState_NoScaleDownBeforeTheWindowPasses()
    {
        var run = new EngineRun(new PolicyBuilder().Build(), 20, Now);

        var desired = new List<int>();
        for (var t = 0; t < 300; t += 15)
        {
            run.Now = Now.AddSeconds(t);
            desired.Add(run.Tick(500).Desired);
        }

        // The seed leaves the window strictly after now - 5m, as HPA's recommendations do.
        var afterWindow = run.Advance(TimeSpan.FromSeconds(15)).Tick(500);

        Assert.Contains(run.Last!.Explanation, s => s.Code == ReasonCode.Stabilized);
        Assert.All(desired, d => Assert.Equal(20, d));
        Assert.Equal(5, afterWindow.Desired);
    }

    [Fact]
    public void Decide_FirstDecisionWithEmptyState_RecordsStateSeeded()
    {
        var decision = new EngineRun(new PolicyBuilder().Build(), 20, Now).Tick(500);

        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.StateSeeded && s.After == 20);
        Assert.Equal(20, decision.Desired);
    }

    [Fact]
    public void Decide_HpaTarget_FloorNeverAboveHpaMax()
    {
        var policy = new PolicyBuilder().HpaTarget().Replicas(2, 400).Unlimited()
            .OneOffPrewarm("sale", Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.Zero, replicas: 50).Build();
        var run = new EngineRun(policy, 2, Now) { State = Remembered(2), HpaMax = 30 };

        var decision = run.Tick(100000);

        Assert.Equal(30, decision.Desired);
        Assert.Equal(ReasonCode.HpaMaxBelowFloor, decision.Reason);
        Assert.DoesNotContain(decision.Explanation, s => s.Stage == DecisionStage.Reactive);
    }

    [Fact]
    public void Decide_HpaTargetWithoutFloors_WritesMinReplicas()
    {
        var policy = new PolicyBuilder().HpaTarget().Replicas(3, 400).Unlimited().Build();
        var run = new EngineRun(policy, 3, Now) { State = Remembered(3), HpaMax = 30 };

        var decision = run.Tick(100000);

        Assert.Equal(3, decision.Desired);
        Assert.Null(decision.Components.Reactive);
    }

    [Fact]
    public void Decide_CurrentAboveMaxReplicas_MaxReplicasAtOnce()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(1, 40).Build(), 60, Now) { State = Remembered(60) };

        var decision = run.Tick(6000);

        Assert.Equal(40, decision.Desired);
        Assert.Equal(ReasonCode.MaxReplicas, decision.Reason);
    }

    [Fact]
    public void Decide_CurrentAboveMaxReplicasWithCeilingThatDoesNotBind_MaxReplicasAtOnce()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(1, 40).Build(), 60, Now) { State = Remembered(60) };
        run.Controls = new OperatorControls(false, [new OperatorOverride(OverrideKind.Ceiling, 100, "alice", "incident 42", Now.AddHours(1))]);

        var decision = run.Tick(100);

        Assert.Equal(40, decision.Desired);
        Assert.Equal(ReasonCode.MaxReplicas, decision.Reason);
    }

    [Fact]
    public void Decide_Paused_RecordsTheDecisionWithActionNone()
    {
        var run = new EngineRun(new PolicyBuilder().Build(), 10, Now) { State = Remembered(10), Controls = new OperatorControls(true, []) };

        var decision = run.Tick(5000);

        Assert.Equal(DecisionAction.None, decision.Action);
        Assert.Equal(20, decision.Desired);
        Assert.Equal(ReasonCode.Paused, decision.Reason);
        Assert.True(decision.State.Paused);
        Assert.Empty(decision.State.ScaleEvents);
    }

    [Fact]
    public void Decide_DryRun_DecidesButActionNone()
    {
        var run = new EngineRun(new PolicyBuilder().DryRun().Build(), 10, Now) { State = Remembered(10) };

        var decision = run.Tick(5000);

        Assert.Equal(DecisionAction.None, decision.Action);
        Assert.Equal(20, decision.Desired);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.DryRun);
        Assert.Empty(decision.State.ScaleEvents);
    }

    [Fact]
    public void Decide_Scale_RecordsScaleEventLimitingTheNextStep()
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(1, 1000).Build(), 10, Now) { State = Remembered(10) };

        run.Tick(100000);
        var sameWindow = run.Advance(TimeSpan.FromSeconds(5)).Tick(100000);

        Assert.Equal(new ScaleEvent(Now, 10), Assert.Single(run.State.ScaleEvents));
        Assert.Equal(20, sameWindow.Desired); // periodStart = 20 - 10 = 10, so 100% allows 20
        Assert.Equal(ReasonCode.ScaleUpLimited, sameWindow.Reason);
    }
}
