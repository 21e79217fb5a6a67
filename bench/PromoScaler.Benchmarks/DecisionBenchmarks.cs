using BenchmarkDotNet.Attributes;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Benchmarks;

/// <summary>
/// The decision engine's cost: one decision for a policy with 2 metrics and 2 pre-warm windows (one active),
/// consuming the complete structured explanation, in steady state (a full 5-minute stabilization history);
/// and one tick of 1,000 such policies. Targets: well under 10 us and 2 KB per decision, 10 ms per tick.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8));
    private DecisionInput _one = null!;
    private DecisionInput[] _tick = null!;

    [GlobalSetup]
    public void Setup()
    {
        _one = SteadyInput(120, 0);
        _tick = new DecisionInput[1000];
        for (var i = 0; i < _tick.Length; i++)
        {
            _tick[i] = SteadyInput(100 + (i % 50), i);
        }
    }

    [Benchmark]
    public long OneDecision() => Consume(DecisionEngine.Decide(_one));

    [Benchmark]
    public long ThousandPoliciesTick()
    {
        long sum = 0;
        foreach (var input in _tick)
        {
            sum += Consume(DecisionEngine.Decide(input));
        }

        return sum;
    }

    private static long Consume(Decision decision)
    {
        long sum = decision.Desired;
        foreach (var step in decision.Explanation)
        {
            sum += (int)step.Code + (step.After ?? 0) + (step.Before ?? 0) + (long)(step.Value ?? 0) + (long)(step.Limit ?? 0) + (step.Subject?.Length ?? 0);
        }

        return sum;
    }

    /// <summary>Runs 30 ticks 15s apart so the state is what a long-running daemon holds, then returns the next input.</summary>
    private static DecisionInput SteadyInput(int current, int seed)
    {
        var policy = Policy(seed);
        var now = Start.AddMinutes(-25);
        var state = EngineState.Empty;
        for (var i = 0; i < 30; i++)
        {
            var input = Input(policy, current, state, now, seed);
            var decision = DecisionEngine.Decide(input);
            state = decision.State;
            if (decision.Action == DecisionAction.Scale)
            {
                current = decision.Desired;
            }

            now += TimeSpan.FromSeconds(15);
        }

        return Input(policy, current, state, now, seed);
    }

    private static DecisionInput Input(ScalingPolicy policy, int current, EngineState state, DateTimeOffset now, int seed) => new(
        policy,
        new TargetObservation(current, current, current - 1),
        [MetricReading.Of("rps", 11_000 + (seed % 7 * 100), now.AddSeconds(-30)), MetricReading.Of("cpu", 55 + (seed % 5), now.AddSeconds(-30))],
        null,
        OperatorControls.None,
        state,
        now);

    private static ScalingPolicy Policy(int seed) =>
        new PolicyBuilder()
            .Named($"checkout-{seed}")
            .Startup(TimeSpan.FromSeconds(90))
            .Metric("rps", 120, maxValue: 100_000, query: "sum(rate(http_requests_total[2m]))")
            .Metric("cpu", 0.6, query: "sum(rate(container_cpu_usage_seconds_total[2m]))")
            .OneOffPrewarm("double-11", Start, TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(1), replicas: 120)
            .CronPrewarm("flash-sale", "0 20 * * 1-5", "Asia/Shanghai", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromMinutes(30), multiplier: 3)
            .Replicas(4, 400)
            .Freeze(Start.AddHours(-1), Start.AddHours(2))
            .Budget(0.12, 40)
            .Build();
}
