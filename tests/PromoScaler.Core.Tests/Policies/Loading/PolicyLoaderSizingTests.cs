using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

public sealed class PolicyLoaderSizingTests
{
    private static string Calibrated(string metric, string sizing = "sizing: { mode: calibrated }", string guardrails = "", string kind = "Deployment") => $"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata: {"{"} name: api {"}"}
        spec:
          target: {"{"} kind: {kind}, namespace: shop, name: api {"}"}
          metrics:
            - {"{"} name: rps, query: up, {metric} {"}"}
          {sizing}
          guardrails:
            maxReplicas: 50
            {guardrails}
        """;

    private static PolicySpec Loaded(string yaml)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Select(e => e.ToString())));
        return Assert.Single(result.Policies).Spec;
    }

    private static string Error(string yaml)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        return $"{error.Location.Line}:{error.Location.Column} {error.Path}: {error.Message}";
    }

    [Fact]
    public void LoadText_NoSizingBlock_TargetModeWithHpaStabilization()
    {
        var spec = Loaded(PolicyYaml.Policy());

        Assert.Equal(SizingSpec.Default, spec.Sizing);
        Assert.Equal(TimeSpan.FromMinutes(5), spec.Guardrails.ScaleDown.Stabilization);
    }

    [Fact]
    public void LoadText_CalibratedWithCapacityOnly_DefaultsCoverageWindowTargetAndStabilization()
    {
        var spec = Loaded(Calibrated("capacityPerReplica: 50"));

        Assert.Equal(new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24)), spec.Sizing);
        Assert.Equal(50, spec.Metrics[0].EffectiveCapacityPerReplica);
        Assert.Equal(40, spec.Metrics[0].TargetPerReplica, 12);
        Assert.Equal(TimeSpan.Zero, spec.Guardrails.ScaleDown.Stabilization);
        Assert.Equal(ScalingRules.DefaultScaleDown.Policies, spec.Guardrails.ScaleDown.Policies);
    }

    [Fact]
    public void LoadText_CalibratedWithExplicitStabilization_KeepsIt()
    {
        var spec = Loaded(Calibrated("capacityPerReplica: 50", guardrails: "scaleDown: { stabilization: 2m }"));

        Assert.Equal(TimeSpan.FromMinutes(2), spec.Guardrails.ScaleDown.Stabilization);
    }

    [Fact]
    public void LoadText_CalibratedWithTargetAndCapacity_KeepsTheTarget()
    {
        var spec = Loaded(Calibrated("targetPerReplica: 30, capacityPerReplica: 50", "sizing: { mode: calibrated, coverage: 95%, window: 6h }"));

        Assert.Equal(30, spec.Metrics[0].TargetPerReplica);
        Assert.Equal(new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(95), TimeSpan.FromHours(6)), spec.Sizing);
    }

    [Fact]
    public void LoadText_ExplicitTargetMode_NeedsTargetPerReplica()
    {
        Assert.Equal("7:7 spec.metrics[0].targetPerReplica: required field is missing", Error(Calibrated("capacityPerReplica: 50", "sizing: { mode: target }")));
    }

    [Theory]
    [InlineData("targetPerReplica: 40", "sizing: { mode: calibrated }", "7:7 spec.metrics[0].capacityPerReplica: required with spec.sizing.mode calibrated (the load at which one replica is overloaded)")]
    [InlineData("capacityPerReplica: 50", "sizing: { mode: sqrt }", "8:19 spec.sizing.mode: \"sqrt\" is not one of target, calibrated")]
    [InlineData("capacityPerReplica: 50", "sizing: { mode: calibrated, coverage: 0.99 }", "8:41 spec.sizing.coverage: 0.99 is ambiguous; write 99% or 0.99%")]
    [InlineData("capacityPerReplica: 50", "sizing: { mode: calibrated, coverage: 100% }", "8:41 spec.sizing.coverage: 100% must be at least 50% and at most 99.99%")]
    [InlineData("capacityPerReplica: 50", "sizing: { mode: calibrated, window: 30m }", "8:39 spec.sizing.window: 30m is outside 1h..7d")]
    [InlineData("capacityPerReplica: 50", "sizing: { mode: calibrated, coverage: 99.9%, window: 12h }", "8:56 spec.sizing.window: 12h holds 720 one-minute samples; coverage 99.9% needs at least 999")]
    [InlineData("capacityPerReplica: 50", "sizing: { mode: calibrated, method: sqrt }", "8:31 spec.sizing.method: unknown field \"method\"")]
    public void LoadText_SizingRuleBroken_ReportsItWithPosition(string metric, string sizing, string expected)
    {
        Assert.Equal(expected, Error(Calibrated(metric, sizing)));
    }

    [Fact]
    public void LoadText_CalibratedOnHpaTarget_IsAnError()
    {
        Assert.Equal(
            "8:19 spec.sizing.mode: calibrated sizes the workload itself; a kind HorizontalPodAutoscaler target leaves reactive sizing to its HPA",
            Error(Calibrated("capacityPerReplica: 50", kind: "HorizontalPodAutoscaler")));
    }
}
