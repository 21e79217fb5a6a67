using CsCheck;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

/// <summary>
/// Properties over random policies, observations, signals, state and operator controls. A scenario is built from a
/// vector of random numbers, so CsCheck shrinks a failure toward the simplest choices (0 = the first option).
/// </summary>
public sealed class DecisionEnginePropertyTests
{
    private const int Iterations = 3000;
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 12, 0, 0, TimeSpan.Zero);
    private static readonly Gen<int[]> Dice = Gen.Int[0, 1_000_000].Array[96];

    [Fact]
    public void Decide_AnyInput_NeverAboveMaxReplicas() =>
        Dice.Sample(d =>
        {
            var input = Scenario.Build(d);
            var decision = DecisionEngine.Decide(input);
            Assert.True(decision.Desired <= input.Policy.Spec.Guardrails.MaxReplicas, $"{decision.Desired} > max");
        }, iter: Iterations);

    [Fact]
    public void Decide_AnyMetricInvalidWithoutPinOrCeiling_NeverBelowCurrent() =>
        Dice.Sample(d =>
        {
            var input = Scenario.Build(d);
            var g = input.Policy.Spec.Guardrails;
            var active = input.Controls.Overrides.Where(o => o.IsActive(input.Now)).ToList();
            var current = input.Target.SpecReplicas;
            if (active.Any(o => o.Kind is OverrideKind.Pin or OverrideKind.Ceiling)
                || current > g.MaxReplicas
                || (current == 0 && g.MinReplicas > 0)
                || input.Target.HpaMaxReplicas < current)
            {
                return;
            }

            var decision = DecisionEngine.Decide(input);
            var anyInvalid = decision.Explanation.Any(s => s.Stage == DecisionStage.Signals && s.Code != ReasonCode.MetricValid);
            Assert.True(!anyInvalid || decision.Desired >= current, $"desired {decision.Desired} < current {current}");
        }, iter: Iterations);

    // A negative, NaN or infinite value is treated exactly as if the metric had no reading: the decision's count,
    // components and action are those of the same input with that reading removed. With the previous property, it
    // therefore never lowers desired below current (no pin or ceiling), and never counts as load.
    [Fact]
    public void Decide_BadValue_SameCountAsTheMetricMissing() =>
        Gen.Select(Dice, Gen.Int[0, 3], Gen.Int[0, 2]).Sample((d, badKind, which) =>
        {
            var input = Scenario.Build(d);
            var metrics = input.Policy.Spec.Metrics;
            var k = which % metrics.Count;
            var bad = badKind switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, _ => -5.0 };
            var others = input.Readings.Where(r => r.Metric != metrics[k].Name).ToList();
            var withBad = input with { Readings = [.. others, new MetricReading(metrics[k].Name, bad, 1, input.Now, Completeness: 1)] };
            var missing = input with { Readings = others };

            var a = DecisionEngine.Decide(withBad);
            var b = DecisionEngine.Decide(missing);

            Assert.Equal(b.Desired, a.Desired);
            Assert.Equal(b.Action, a.Action);
            Assert.Equal(b.Components, a.Components);
        }, iter: Iterations);

    [Fact]
    public void Decide_PausedOrDryRun_ActionAlwaysNone() =>
        Gen.Select(Dice, Gen.Bool).Sample((d, paused) =>
        {
            var input = Scenario.Build(d);
            input = paused
                ? input with { Controls = input.Controls with { Paused = true } }
                : input with { Policy = input.Policy with { Spec = input.Policy.Spec with { DryRun = true } } };

            Assert.Equal(DecisionAction.None, DecisionEngine.Decide(input).Action);
        }, iter: Iterations);

    [Fact]
    public void Decide_SameInputTwice_SameDecision() =>
        Dice.Sample(d =>
        {
            var input = Scenario.Build(d);
            var a = DecisionEngine.Decide(input);
            var b = DecisionEngine.Decide(input);
            Assert.Equal((a.Action, a.Desired, a.Reason, a.Components), (b.Action, b.Desired, b.Reason, b.Components));
            Assert.Equal(a.Explanation, b.Explanation);
        }, iter: 500);

    private sealed class Scenario(int[] dice)
    {
        private int _next;

        public static DecisionInput Build(int[] dice) => new Scenario(dice).Input();

        private int Pick(int options) => dice[_next++ % dice.Length] % options;

        private T Pick<T>(params T[] options) => options[Pick(options.Length)];

        private bool Chance(int percent) => Pick(100) < percent;

        private DecisionInput Input()
        {
            var min = Pick(5);
            var max = min + 1 + Pick(60);
            var builder = new PolicyBuilder().Replicas(min, max);
            var metricCount = 1 + Pick(3);
            for (var i = 0; i < metricCount; i++)
            {
                builder.Metric($"m{i}", Pick(100.0, 1.0, 0.5), maxValue: Chance(30) ? 50_000 : null, whenEmpty: Chance(20) ? EmptyResultMode.Zero : EmptyResultMode.Missing);
            }

            var tolerance = Pick(0.1, 0.0, 0.25);
            builder.WithTolerance(tolerance, tolerance).ScaleUp(Rules(up: true)).ScaleDown(Rules(up: false));
            for (var w = Pick(3); w > 0; w--)
            {
                var start = Now.AddMinutes(Pick(240) - 180);
                var lead = TimeSpan.FromMinutes(Pick(61));
                var hold = TimeSpan.FromMinutes(Pick(121));
                var ramp = TimeSpan.FromMinutes(Pick(61));
                if (Chance(50))
                {
                    builder.OneOffPrewarm($"w{w}", start, lead, hold, ramp, replicas: 1 + Pick(150));
                }
                else
                {
                    builder.OneOffPrewarm($"w{w}", start, lead, hold, ramp, multiplier: 1 + (Pick(30) / 10.0));
                }
            }

            if (Chance(20))
            {
                builder.Freeze(Now.AddMinutes(-Pick(60)), Now.AddMinutes(Pick(60)));
            }

            if (Chance(30))
            {
                builder.OnMissingScaleUp(1 + Pick(150));
            }

            if (Chance(25))
            {
                builder.Budget(1, 1 + Pick(100));
            }

            if (Chance(15))
            {
                builder.Prediction("m0");
            }

            var hpa = Chance(15);
            if (hpa)
            {
                builder.HpaTarget();
            }

            builder.DryRun(Chance(10));
            var policy = builder.Build();

            var current = Pick(max + 30);
            var readings = new List<MetricReading>();
            foreach (var m in policy.Spec.Metrics)
            {
                var reading = Reading(m.Name);
                if (reading is not null)
                {
                    readings.Add(reading);
                }
            }

            ForecastSignal? forecast = Chance(50)
                ? null
                : new ForecastSignal(Pick(ForecastStatus.Ready, ForecastStatus.NotReady, ForecastStatus.Untrusted, ForecastStatus.InputInvalid),
                    Pick<double?>(Pick(20_000), null, double.NaN, -1), Pick(100) / 100.0, "seasonalNaive");

            var target = new TargetObservation(current, current, current, hpa && Chance(70) ? Pick(max + 20) : null);
            return new DecisionInput(policy, target, readings, forecast, Controls(), State(current), Now);
        }

        private ScalingRules Rules(bool up) => Pick(4) switch
        {
            0 => up ? ScalingRules.DefaultScaleUp : ScalingRules.DefaultScaleDown,
            1 => new ScalingRules(TimeSpan.FromSeconds(Pick(0, 60, 300)), SelectPolicy.Min,
                [new StepPolicy(StepPolicyType.Pods, 1 + Pick(10), TimeSpan.FromSeconds(60)), new StepPolicy(StepPolicyType.Percent, 1 + Pick(200), TimeSpan.FromSeconds(30))]),
            2 => new ScalingRules(TimeSpan.Zero, SelectPolicy.Disabled, []),
            _ => new ScalingRules(TimeSpan.FromSeconds(Pick(0, 30, 600)), SelectPolicy.Max, [new StepPolicy(StepPolicyType.Percent, 1 + Pick(1000), TimeSpan.FromSeconds(15))]),
        };

        private MetricReading? Reading(string name) => Pick(12) switch
        {
            0 or 1 or 2 or 3 => MetricReading.Of(name, Pick(20_000) / Pick(1.0, 10.0), Now),
            4 => null,
            5 => MetricReading.Empty(name, Now),
            6 => MetricReading.Failed(name, Pick(ReadFailure.QueryError, ReadFailure.ReadFailed, ReadFailure.Timeout, ReadFailure.CircuitOpen), null, Now),
            7 => MetricReading.Of(name, Pick(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1.0), Now),
            8 => MetricReading.Of(name, Pick(20_000), Now.AddMinutes(-10)),
            9 => new MetricReading(name, 1, 2, Now),
            10 => MetricReading.Of(name, 1e12, Now),
            _ => MetricReading.Of(name, 0, Now),
        };

        private OperatorControls Controls()
        {
            var overrides = new List<OperatorOverride>();
            for (var i = Pick(3); i > 0; i--)
            {
                var kind = Pick(OverrideKind.Pin, OverrideKind.Ceiling, OverrideKind.Floor, OverrideKind.FreezeScaleDown, OverrideKind.FreezeScaleUp);
                int? n = kind is OverrideKind.FreezeScaleDown or OverrideKind.FreezeScaleUp ? null : Pick(200);
                overrides.Add(new OperatorOverride(kind, n, "op", "test", Now.AddMinutes(Pick(120) - 30), Chance(50), Chance(30)));
            }

            return new OperatorControls(Chance(10), overrides);
        }

        private EngineState State(int current)
        {
            if (Chance(20))
            {
                return EngineState.Empty;
            }

            var recommendations = new List<TimestampedRecommendation>();
            for (var i = Pick(20); i > 0; i--)
            {
                recommendations.Add(new(Now.AddSeconds(-Pick(900)), Pick(120)));
            }

            var events = new List<ScaleEvent>();
            for (var i = Pick(5); i > 0; i--)
            {
                events.Add(new(Now.AddSeconds(-Pick(600)), Pick(41) - 20));
            }

            return new EngineState(recommendations, events, [], Chance(80) ? current : Pick(100), Chance(10));
        }
    }
}
