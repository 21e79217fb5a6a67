using PromoScaler.Core.Engine;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

public sealed class OperatorOverrideTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    private static OperatorControls With(OperatorOverride o) => new(false, [o]);

    private static OperatorOverride Override(OverrideKind kind, int? n, bool immediate = false, bool belowMin = false, int expiresInMinutes = 60) =>
        new(kind, n, "alice", "incident 42", Now.AddMinutes(expiresInMinutes), immediate, belowMin);

    private static EngineRun Steady(int current)
    {
        var run = new EngineRun(new PolicyBuilder().Replicas(2, 200).Build(), current, Now.AddMinutes(-10));
        run.Tick(current * 100);
        run.Now = Now;
        return run;
    }

    [Fact]
    public void Decide_Ceiling_CapsAtNextDecisionDespiteScaleDownStabilization()
    {
        var run = Steady(50);
        run.Controls = With(Override(OverrideKind.Ceiling, 20));

        var decision = run.Tick(5000);

        Assert.Equal(20, decision.Desired);
        Assert.Equal(DecisionAction.Scale, decision.Action);
        Assert.Equal(ReasonCode.CeilingOverride, decision.Reason);
    }

    [Fact]
    public void Decide_CeilingBelowMinReplicas_CapsAtMinReplicas()
    {
        var run = Steady(50);
        run.Controls = With(Override(OverrideKind.Ceiling, 1));

        Assert.Equal(2, run.Tick(5000).Desired);
    }

    [Fact]
    public void Decide_Pin_MovesThroughScaleUpStepPolicies()
    {
        var run = Steady(10);
        run.Controls = With(Override(OverrideKind.Pin, 80));

        var first = run.Tick(1000);
        var second = run.Advance(TimeSpan.FromSeconds(15)).Tick(1000);
        var third = run.Advance(TimeSpan.FromSeconds(15)).Tick(1000);

        // HPA default scale-up: max(100%, 4 pods) per 15s.
        Assert.Equal([20, 40, 80], new[] { first.Desired, second.Desired, third.Desired });
        Assert.Equal(ReasonCode.ScaleUpLimited, first.Reason);
        Assert.Equal(ReasonCode.PinOverride, third.Reason);
    }

    [Fact]
    public void Decide_PinImmediate_JumpsAtOnceIgnoringStabilization()
    {
        var run = Steady(50);
        run.Controls = With(Override(OverrideKind.Pin, 3, immediate: true));

        var decision = run.Tick(5000);

        Assert.Equal(3, decision.Desired);
        Assert.Equal(ReasonCode.PinOverride, decision.Reason);
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    public void Decide_PinBelowMinReplicas_OnlyWithBelowMin(bool belowMin, int expected)
    {
        var run = Steady(5);
        run.Controls = With(Override(OverrideKind.Pin, 1, immediate: true, belowMin: belowMin));

        Assert.Equal(expected, run.Tick(500).Desired);
    }

    [Fact]
    public void Decide_ExpiredOverride_Ignored()
    {
        var run = Steady(50);
        run.Controls = With(Override(OverrideKind.Ceiling, 20, expiresInMinutes: 0));

        var decision = run.Tick(5000);

        Assert.Equal(50, decision.Desired);
        Assert.DoesNotContain(decision.Explanation, s => s.Code == ReasonCode.CeilingOverride);
    }

    [Fact]
    public void Decide_FloorOverride_RaisesLikeAPrewarm()
    {
        var run = Steady(10);
        run.Controls = With(Override(OverrideKind.Floor, 14));

        var decision = run.Tick(1000);

        Assert.Equal(14, decision.Components.Floor);
        Assert.Equal(14, decision.Desired);
        Assert.Equal(ReasonCode.FloorOverride, decision.Reason);
    }

    [Fact]
    public void Decide_FreezeScaleUpOverride_BlocksScaleUpOnly()
    {
        var run = Steady(10);
        run.Controls = With(Override(OverrideKind.FreezeScaleUp, null));

        var up = run.Tick(3000);

        Assert.Equal(10, up.Desired);
        Assert.Equal(ReasonCode.FreezeOverride, up.Reason);
    }

    [Fact]
    public void Decide_FreezeScaleDownOverride_BlocksScaleDownOnly()
    {
        var policy = new PolicyBuilder().Replicas(1, 200).Unlimited().Build();
        var run = new EngineRun(policy, 10, Now) { State = EngineState.Empty with { LastWritten = 10 } };
        run.Controls = With(Override(OverrideKind.FreezeScaleDown, null));

        var down = run.Tick(200);
        var up = run.Tick(3000);

        Assert.Equal(10, down.Desired);
        Assert.Equal(ReasonCode.FreezeOverride, down.Reason);
        Assert.Equal(30, up.Desired);
    }
}
