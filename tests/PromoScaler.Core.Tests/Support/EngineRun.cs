using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Hosting;

namespace PromoScaler.Core.Tests.Support;

/// <summary>
/// Drives the engine tick by tick as the daemon does: the returned state is handed back, and a Scale decision is
/// applied to the simulated target's spec count.
/// </summary>
public sealed class EngineRun
{
    public EngineRun(ScalingPolicy policy, int current, DateTimeOffset now)
    {
        Policy = policy;
        Current = current;
        Now = now;
    }

    public ScalingPolicy Policy { get; }

    public int Current { get; set; }

    public DateTimeOffset Now { get; set; }

    public EngineState State { get; set; } = EngineState.Empty;

    public OperatorControls Controls { get; set; } = OperatorControls.None;

    public ForecastSignal? Forecast { get; set; }

    public int? HpaMax { get; set; }

    /// <summary>For a VM group policy: what its hosted pod policies ask of it (<see cref="DecisionInput.HostedPods"/>).</summary>
    public IReadOnlyList<HostedPodDemand>? HostedPods { get; set; }

    public Decision? Last { get; private set; }

    /// <summary>Decides at <see cref="Now"/> with every metric reading <paramref name="value"/>, fresh.</summary>
    public Decision Tick(double value) =>
        Tick(Policy.Spec.Metrics.Select(m => MetricReading.Of(m.Name, value, Now)).ToArray());

    public Decision Tick(params MetricReading[] readings)
    {
        var decision = DecisionEngine.Decide(Input(readings));
        Last = decision;
        State = decision.State;
        if (decision.Action == DecisionAction.Scale)
        {
            Current = decision.Desired;
        }

        return decision;
    }

    public DecisionInput Input(params MetricReading[] readings) =>
        new(Policy, new TargetObservation(Current, Current, Current, HpaMax), readings, Forecast, Controls, State, Now) { HostedPods = HostedPods };

    public EngineRun Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }
}
