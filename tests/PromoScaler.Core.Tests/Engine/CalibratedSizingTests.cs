using System.Text.Json;
using CsCheck;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Sizing;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

public sealed class CalibratedSizingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 12, 0, 0, TimeSpan.Zero);

    private static CalibrationSignal Signal(string metric, int replicas, CalibrationStatus status = CalibrationStatus.Ready) =>
        new(metric, status, replicas, 12.5, 9.4, TimeSpan.FromMinutes(5), "5m (runner-up 10m)", 1.7, 1440, 5.2, 15.1, 15.8, 0.9917, 0.99, "8 <= R < 16", 310, true, replicas, TimeSpan.FromSeconds(90));

    private static DecisionInput Input(Core.Policies.ScalingPolicy policy, int current, IReadOnlyList<MetricReading> readings, IReadOnlyList<CalibrationSignal>? signals) =>
        new DecisionInput(policy, new TargetObservation(current, current, current), readings, null, OperatorControls.None, EngineState.Empty, Now) { Calibration = signals };

    [Fact]
    public void Decide_CalibratedProposal_IsTheReactiveCountWithoutTolerance()
    {
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Calibrated().Build();

        // 15 against current 14 is inside HPA's 10% tolerance; calibrated sizing still asks for it.
        var decision = DecisionEngine.Decide(Input(policy, 14, [MetricReading.Of("rps", 12.5, Now)], [Signal("rps", 15)]));

        Assert.Equal(15, decision.Desired);
        Assert.Equal(15, decision.Components.Reactive);
        Assert.Equal(ReasonCode.CalibratedProposal, decision.Reason);
    }

    [Fact]
    public void Decide_Calibrated_ExplanationCarriesEveryField()
    {
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Calibrated()
            .ScaleUp(new(TimeSpan.Zero, Core.Policies.SelectPolicy.Max, [new(Core.Policies.StepPolicyType.Pods, 2, TimeSpan.FromSeconds(15))])).Build();

        var decision = DecisionEngine.Decide(Input(policy, 10, [MetricReading.Of("rps", 12.5, Now)], [Signal("rps", 15) with { Sized = 13, SamplePeriod = TimeSpan.FromMinutes(1) }]));
        var steps = decision.Explanation.Where(s => s.Stage == DecisionStage.Reactive).ToList();

        Assert.Equal(
            [
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibratedProposal, "rps", 12.5, 10, 15, 9.4),      // signal, R, proposal
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationMargin, "rps", 1.7, null, 1440, 5.2),    // beta, samples, headroom
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationBand, "8 <= R < 16", 1.7, null, 310, null), // band, its beta and samples
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationScaleDownHeld, "rps", 90, 13, 15, 60), // sized, held by the scale-down hold, sample period
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationHold, "5m (runner-up 10m)", 15.1, null, null, 15.8), // hold, cost, runner-up's
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationCoverage, "rps", 0.9917, null, null, 0.99), // realised vs target
            ],
            steps);
        // Which limit bound the decision: the step policy (2 pods per 15s) cut 15 to 12.
        Assert.Equal(12, decision.Desired);
        Assert.Equal(ReasonCode.ScaleUpLimited, decision.Reason);
        Assert.Contains(decision.Explanation, s => s is { Code: ReasonCode.ScaleUpLimited, Before: 15, After: 12 });
    }

    [Fact]
    public void Decide_InsideAWindowWithARisingTrend_ExplainsInWindowBetaAndGrowth()
    {
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Calibrated().Build();
        var signal = Signal("rps", 18) with { Sized = 18, Window = "sale", WindowBeta = 2.5, WindowSamples = 40, BandBetaValue = 1.7, WindowGrowth = 3.2, GrowthHorizon = TimeSpan.FromSeconds(165) };

        var decision = DecisionEngine.Decide(Input(policy, 10, [MetricReading.Of("rps", 12.5, Now)], [signal]));

        Assert.Contains(new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationWindow, "sale", 2.5, null, 40, 1.7), decision.Explanation);
        Assert.Contains(new ExplanationStep(DecisionStage.Reactive, ReasonCode.CalibrationWindowTrend, "sale", 3.2, null, 18, 165), decision.Explanation);
    }

    [Fact]
    public void Decide_InsideAWindowWithoutGrowth_NoTrendStep()
    {
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Calibrated().Build();
        var signal = Signal("rps", 15) with { Window = "sale", WindowBeta = 2.5, WindowSamples = 40, BandBetaValue = 1.7 };

        var decision = DecisionEngine.Decide(Input(policy, 10, [MetricReading.Of("rps", 12.5, Now)], [signal]));

        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.CalibrationWindow);
        Assert.DoesNotContain(decision.Explanation, s => s.Code == ReasonCode.CalibrationWindowTrend);
    }

    [Fact]
    public void Decide_SeveralCalibratedMetrics_LargestWins()
    {
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Metric("cpu", 0.5, capacityPerReplica: 0.6).Calibrated().Build();

        var decision = DecisionEngine.Decide(Input(
            policy, 5, [MetricReading.Of("rps", 12.5, Now), MetricReading.Of("cpu", 3, Now)], [Signal("rps", 7), Signal("cpu", 9, CalibrationStatus.Fallback)]));

        Assert.Equal(9, decision.Desired);
        Assert.Equal(ReasonCode.CalibrationFallback, decision.Reason);
    }

    [Fact]
    public void Decide_AllValidProposalsBelowCurrent_ScalesDown()
    {
        // The counterpart of the property below: without an invalid metric the same inputs do scale down.
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Calibrated().Build();

        var decision = DecisionEngine.Decide(Input(policy, 20, [MetricReading.Of("rps", 12.5, Now)], [Signal("rps", 4)]));

        Assert.Equal(4, decision.Desired);
    }

    // Any mix of metrics where one is invalid (no reading, NaN, negative) or has no calibrated proposal: whatever the
    // other metrics' calibrated counts, calibrated mode never scales down (HPA's rule, unchanged by the mode).
    [Fact]
    public void Decide_InvalidMetricOrMissingCalibration_NeverScalesDown() =>
        Gen.Select(Gen.Int[1, 60], Gen.Int[0, 80].Array[3], Gen.Int[0, 4].Array[3], Gen.Int[1, 3]).Sample((current, counts, kinds, metricCount) =>
        {
            var builder = new PolicyBuilder().Calibrated();
            var readings = new List<MetricReading>();
            var signals = new List<CalibrationSignal>();
            var broken = false;
            for (var m = 0; m < metricCount; m++)
            {
                var name = "m" + m;
                builder.Metric(name, 8, capacityPerReplica: 10);
                // 0, 1: valid with a proposal; 2: no reading; 3: NaN; 4: valid but no calibrated proposal.
                var kind = m == 0 && kinds.Take(metricCount).All(k => k < 2) ? 2 : kinds[m];
                broken |= kind >= 2;
                if (kind != 2)
                {
                    readings.Add(MetricReading.Of(name, kind == 3 ? double.NaN : 5, Now));
                }

                if (kind != 4)
                {
                    signals.Add(Signal(name, counts[m], kind is 2 or 3 ? CalibrationStatus.InputInvalid : CalibrationStatus.Ready));
                }
            }

            var decision = DecisionEngine.Decide(Input(builder.Build(), current, readings, signals));

            Assert.True(broken);
            Assert.True(decision.Desired >= current, $"desired {decision.Desired} < current {current}");
        }, iter: 2000);

    [Fact]
    public void Decide_EngineAndCalibrationStateRoundTrip_IdenticalDecisions()
    {
        // What the daemon persists: the engine state and each metric's calibration state, as JSON.
        var policy = new PolicyBuilder().Metric("rps", 8, capacityPerReplica: 10).Startup(TimeSpan.FromSeconds(90)).Calibrated().Build();
        var metric = policy.Spec.Metrics[0];
        var lag = TimeSpan.FromSeconds(60);
        var random = new Random(3);
        var values = Enumerable.Range(0, 12 * 240).Select(i => 40 + (30 * Math.Sin(i / 300.0)) + (random.NextDouble() * (i % 50 < 4 ? 60 : 10))).ToArray();

        var sizer = CalibratedSizer.For(policy, metric, lag)!;
        var state = EngineState.Empty;
        var current = 5;
        var split = values.Length / 2;
        CalibratedSizer? restored = null;
        var restoredState = EngineState.Empty;
        var restoredCurrent = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var t = Now + (i * policy.Spec.Interval);
            if (i == split)
            {
                restored = CalibratedSizer.For(policy, metric, lag)!;
                Assert.True(restored.Restore(JsonSerializer.Deserialize<CalibrationState>(JsonSerializer.Serialize(sizer.Export()))!));
                restoredState = JsonSerializer.Deserialize<EngineState>(JsonSerializer.Serialize(state))!;
                restoredCurrent = current;
            }

            var original = Step(sizer, ref state, ref current, t, values[i]);
            if (restored is not null)
            {
                var again = Step(restored, ref restoredState, ref restoredCurrent, t, values[i]);
                Assert.Equal(original.Desired, again.Desired);
                Assert.Equal(original.Reason, again.Reason);
                Assert.Equal(original.Explanation, again.Explanation);
            }
        }

        Decision Step(CalibratedSizer model, ref EngineState engineState, ref int count, DateTimeOffset t, double value)
        {
            model.Observe(t, value);
            var decision = DecisionEngine.Decide(new DecisionInput(policy, new TargetObservation(count, count, count), [MetricReading.Of("rps", value, t)], null, OperatorControls.None, engineState, t) { Calibration = [model.Propose(t)] });
            engineState = decision.State;
            count = decision.Action == DecisionAction.Scale ? decision.Desired : count;
            return decision;
        }
    }
}
