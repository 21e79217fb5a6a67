using PromoScaler.Core.Engine;
using PromoScaler.Core.Runtime;
using PromoScaler.Testing.Metrics;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Runtime;

/// <summary>Which models a policy gets, and the memory a runtime exports and restores.</summary>
public class PolicyRuntimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static RuntimeSettings Settings(FunctionMetricHistory? history = null) => new() { History = history ?? new FunctionMetricHistory(_ => 1000) };

    [Fact]
    public void New_PredictingDeployment_GetsForecasterAndDecisionGate()
    {
        var runtime = new PolicyRuntime(new PolicyBuilder().Metric("rps", 100).Prediction("rps").Build(), Settings());

        Assert.NotNull(runtime.Forecaster);
        Assert.NotNull(runtime.Gate);
        Assert.Null(runtime.Sizers);
    }

    [Fact]
    public void New_PredictingHpaFloor_ForecastJudgedByItsErrorAlone()
    {
        // The gate compares decisions with and without the forecast; for an HPA floor the count without it is the
        // floor alone (the HPA's reactive part is not the policy's decision), so the gate would judge a wrong
        // counterfactual. Both the daemon and the backtest get this one rule from the runtime.
        var runtime = new PolicyRuntime(new PolicyBuilder().Metric("rps", 100).Prediction("rps").HpaTarget().Build(), Settings());

        Assert.NotNull(runtime.Forecaster);
        Assert.Null(runtime.Gate);
    }

    [Fact]
    public void New_Foresight_ReplacesTheModelAndIsNotGated()
    {
        var settings = Settings() with { Foresight = _ => new ForecastSignal(ForecastStatus.Ready, 5, 0, "perfect") };
        var runtime = new PolicyRuntime(new PolicyBuilder().Metric("rps", 100).Prediction("rps").Build(), settings);

        Assert.Null(runtime.Forecaster);
        Assert.Null(runtime.Gate);
    }

    [Fact]
    public async Task ReadAsync_Calibrated_WarmsOnceFromTheWindowThenFeedsTicks()
    {
        var history = new FunctionMetricHistory(_ => 1000);
        var policy = new PolicyBuilder().Metric("rps", 80, capacityPerReplica: 100).Calibrated(window: TimeSpan.FromHours(2)).Build();
        var runtime = new PolicyRuntime(policy, Settings(history));

        var signals = await runtime.ReadAsync(Now, [MetricReading.Of("rps", 1000, Now)], CancellationToken.None);
        await runtime.ReadAsync(Now + policy.Spec.Interval, [MetricReading.Of("rps", 1000, Now)], CancellationToken.None);

        var (first, last, step) = Assert.Single(history.Ranges);
        Assert.Equal((Now - TimeSpan.FromHours(2), Now - policy.Spec.Interval, policy.Spec.Interval), (first, last, step));
        Assert.Single(signals.Calibration!);
        Assert.True(runtime.Sizers![0].Samples > 0, "the model learned nothing from the window's history");
    }

    [Fact]
    public async Task Commit_KeepsTheDecisionState_AndExportRestoreGivesTheSameMemory()
    {
        var policy = new PolicyBuilder().Metric("rps", 100).Prediction("rps").Replicas(1, 50).Build();
        var runtime = new PolicyRuntime(policy, Settings());
        var signals = await runtime.ReadAsync(Now, [MetricReading.Of("rps", 1000, Now)], CancellationToken.None);
        var decision = runtime.Decide(signals, new TargetObservation(3, 3, 3), OperatorControls.None);
        runtime.Commit(signals, decision);

        var restored = new PolicyRuntime(policy, Settings());
        restored.Restore(runtime.Export());

        Assert.Equal(decision.State, runtime.State);
        Assert.Equal(runtime.State, restored.State);
        Assert.Equal(runtime.Gate!.PendingCount, restored.Gate!.PendingCount);
        Assert.Equal(1, restored.Gate.PendingCount);
    }

    [Fact]
    public async Task Update_UnrelatedChange_KeepsTheWarmModels()
    {
        var history = new FunctionMetricHistory(_ => 1000);
        var policy = new PolicyBuilder().Metric("rps", 100).Prediction("rps").Replicas(1, 50).Build();
        var runtime = new PolicyRuntime(policy, Settings(history));
        await runtime.ReadAsync(Now, [MetricReading.Of("rps", 1000, Now)], CancellationToken.None);
        var forecaster = runtime.Forecaster;

        runtime.Update(policy with { Spec = policy.Spec with { Guardrails = policy.Spec.Guardrails with { MaxReplicas = 60 } } });
        Assert.Same(forecaster, runtime.Forecaster);

        runtime.Update(policy with { Spec = policy.Spec with { Startup = policy.Spec.Startup + TimeSpan.FromMinutes(1) } });
        Assert.NotSame(forecaster, runtime.Forecaster);
    }
}
