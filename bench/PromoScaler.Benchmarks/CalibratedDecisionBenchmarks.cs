using BenchmarkDotNet.Attributes;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Benchmarks;

/// <summary>
/// One tick of a calibrated policy in steady state (a full 24h calibration window at one rise a minute, 5 candidate
/// holds): feed the reading to the sizing model, propose, decide, and consume the complete explanation. Target: under
/// 5 us.
/// </summary>
[MemoryDiagnoser]
public class CalibratedDecisionBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private ScalingPolicy _policy = null!;
    private CalibratedSizer _sizer = null!;
    private EngineState _state = EngineState.Empty;
    private int _current = 10;
    private long _i;

    [GlobalSetup]
    public void Setup()
    {
        _policy = new PolicyBuilder().Named("calibrated").Startup(TimeSpan.FromSeconds(90)).Metric("rps", 80, capacityPerReplica: 100).Replicas(1, 400).Calibrated().Build();
        _sizer = Warm(_policy, out _i);
    }

    [Benchmark]
    public long OneCalibratedDecision()
    {
        var t = Start + (_i * Tick);
        var value = Demand(_i++);
        _sizer.Observe(t, value);
        var decision = DecisionEngine.Decide(new DecisionInput(_policy, new TargetObservation(_current, _current, _current), [MetricReading.Of("rps", value, t)], null, OperatorControls.None, _state, t) { Calibration = [_sizer.Propose(t)] });
        _state = decision.State;
        _current = decision.Action == DecisionAction.Scale ? decision.Desired : _current;
        long sum = decision.Desired;
        foreach (var step in decision.Explanation)
        {
            sum += (int)step.Code + (step.After ?? 0) + (step.Before ?? 0) + (long)(step.Value ?? 0) + (long)(step.Limit ?? 0) + (step.Subject?.Length ?? 0);
        }

        return sum;
    }

    /// <summary>A model fed 26 hours of readings at 15s, so its 24h window is full; <paramref name="next"/> is the next tick.</summary>
    internal static CalibratedSizer Warm(ScalingPolicy policy, out long next)
    {
        var sizer = CalibratedSizer.For(policy, policy.Spec.Metrics[0], TimeSpan.FromSeconds(60))!;
        next = (long)(TimeSpan.FromHours(26) / Tick);
        for (long i = 0; i < next; i++)
        {
            sizer.Observe(Start + (i * Tick), Demand(i));
        }

        return sizer;
    }

    // A daily cycle with minute-scale bursts, deterministic.
    private static double Demand(long i) => 1000 + (600 * Math.Sin(i * 2 * Math.PI / 5760)) + ((i * 7919 % 97) * (i % 40 < 3 ? 8 : 1));
}
