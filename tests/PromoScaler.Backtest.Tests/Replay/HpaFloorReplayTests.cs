using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Engine;
using PromoScaler.Testing.Policies;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

/// <summary>
/// A policy targeting an HPA writes only its minReplicas; the workload follows a simulated HPA (v2 defaults, aiming at
/// 10 per replica) whose floor is that minReplicas. The signal has no delay and no window, and the trace has a row at
/// every 15s grid point, so the HPA reads exactly the row at each tick.
/// </summary>
public class HpaFloorReplayTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    [Fact]
    public void Run_DemandAboveTheFloor_HpaScalesTheWorkloadAboveTheFloor()
    {
        // Floor 2 throughout (minReplicas, nothing else); demand 10 for 3 minutes, then 60 for 10 minutes.
        var policy = FloorPolicy().Build();
        var values = Enumerable.Repeat(10.0, 12).Concat(Enumerable.Repeat(60.0, 40));

        var run = Replay(policy, values);

        // 2:45: the HPA asks for ceil(10 / 10) = 1, below the floor, so the floor (minReplicas) sets the count.
        Assert.Equal((2, ReasonCode.MinReplicas), At(run, TimeSpan.FromSeconds(165)));
        // 3:00: ceil(60 / 10) = 6, within the HPA's scale-up limit max(2 x 2, 2 + 4) = 6: above the floor at once.
        Assert.Equal((6, ReasonCode.ReactiveProposal), At(run, TimeSpan.FromMinutes(3)));
        var tick = run.Ticks.Single(t => t.At == T0 + TimeSpan.FromMinutes(3));
        Assert.Equal((6, (int?)null, 2, 6), (tick.Components.Reactive, tick.Components.Floor, tick.Components.Raw, tick.Final));
        Assert.Equal(6, run.Requested[^1]);
    }

    [Fact]
    public void Run_PrewarmFloor_WorkloadLiftedAtStartMinusLeadAtOnce()
    {
        // Policy ticks every minute; the window's start - lead edge, 5:10, is neither a minute nor a 15s point.
        var start = T0 + TimeSpan.FromMinutes(10);
        var policy = FloorPolicy()
            .Interval(TimeSpan.FromMinutes(1))
            .OneOffPrewarm("sale", start, TimeSpan.FromSeconds(290), TimeSpan.FromMinutes(5), TimeSpan.Zero, replicas: 8)
            .Build();

        var run = Replay(policy, Enumerable.Repeat(10.0, 81));

        // At the edge the floor rises to 8 and the HPA sets minReplicas at once, above its own 1.
        var edge = run.Ticks.Single(t => t.At == start - TimeSpan.FromSeconds(290));
        Assert.Equal((8, 8, ReasonCode.PrewarmFloor), (edge.Final, edge.Components.Floor, edge.Reason));
        Assert.Equal((2, ReasonCode.MinReplicas), At(run, TimeSpan.FromMinutes(5)));
        Assert.Equal((8, ReasonCode.PrewarmFloor), At(run, TimeSpan.FromSeconds(315)));
        // Asked for at 5:10, ready 30s later.
        Assert.Equal(2, run.Ready[Index(TimeSpan.FromSeconds(330))]);
        Assert.Equal(8, run.Ready[Index(TimeSpan.FromSeconds(345))]);
        // The HPA alone would run 1: the floor holds 8 until start + hold, then minReplicas 2.
        Assert.Equal((8, ReasonCode.PrewarmFloor), At(run, TimeSpan.FromSeconds(885)));
    }

    [Fact]
    public void Run_FloorFallsBack_HpaHoldsItsRecommendationForItsStabilizationWindow()
    {
        // Floor 8 on [3:00, 10:00); demand 60 on [6:00, 9:00) (the HPA recommends 6, below the floor), else 10.
        var policy = FloorPolicy()
            .OneOffPrewarm("sale", T0 + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.Zero, replicas: 8)
            .Build();
        var values = Enumerable.Range(0, 81).Select(i => i is >= 24 and < 36 ? 60.0 : 10.0);

        var run = Replay(policy, values);

        Assert.Equal((8, ReasonCode.PrewarmFloor), At(run, TimeSpan.FromMinutes(3)));
        Assert.Equal((8, ReasonCode.PrewarmFloor), At(run, TimeSpan.FromSeconds(585)));
        // 10:00: the floor falls to 2, but the HPA's recommendations of the last 5 minutes (6 until 8:45) keep 6.
        Assert.Equal((6, ReasonCode.Stabilized), At(run, TimeSpan.FromMinutes(10)));
        Assert.Equal((6, ReasonCode.Stabilized), At(run, TimeSpan.FromSeconds(810)));
        // 13:45: the last 6 (8:45) is 5 minutes old and out of the window; the HPA asks 1, the floor sets 2.
        Assert.Equal((2, ReasonCode.MinReplicas), At(run, TimeSpan.FromSeconds(825)));
    }

    [Fact]
    public void Run_HpaTarget_HpaBaselineIsTheSameHpaWithoutTheFloor()
    {
        // Without pre-warm or prediction the floor is minReplicas, which is exactly the hpa baseline.
        var policy = FloorPolicy().Build();
        var trace = Parse(Csv(Step, Enumerable.Range(0, 120).Select(i => 10 + 50 * Math.Sin(Math.PI * i / 119))));

        var result = new BacktestRunner().Run(policy, trace, ZeroLagSettings, withFrontier: false);

        Assert.Equal(result.Hpa.Requested, result.Run.Requested);
        Assert.True(result.Score.ScaleEvents > 0, "the wave must scale the HPA");
    }

    private static readonly BacktestSettings ZeroLagSettings = new(MetricDelay: TimeSpan.Zero, MetricWindow: TimeSpan.Zero);

    // Target 10 per replica, replicas 2..10, startup 30s; the policy's own floor moves without stabilization or
    // step limits, so each floor is written at the tick that decides it.
    private static PolicyBuilder FloorPolicy() => DemandPolicy.Builder(10, 10).HpaTarget().Replicas(2, 10).Unlimited();

    private static ReplayRun Replay(Core.Policies.ScalingPolicy policy, IEnumerable<double> values)
    {
        var context = BacktestRunner.Prepare(policy, Parse(Csv(Step, values)), ZeroLagSettings, out _);
        return PolicyReplay.Run(policy, context, null, DecisionEngine.Decide);
    }

    private static int Index(TimeSpan offset) => (int)(offset / Step);

    private static (int Requested, ReasonCode Reason) At(ReplayRun run, TimeSpan offset) =>
        (run.Requested[Index(offset)], run.Reasons[Index(offset)]);
}
