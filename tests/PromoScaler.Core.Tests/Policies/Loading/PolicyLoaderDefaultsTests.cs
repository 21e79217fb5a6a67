using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

public sealed class PolicyLoaderDefaultsTests
{
    private static ScalingPolicy LoadOne(string yaml)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Policies);
    }

    [Fact]
    public void LoadText_MinimalPolicy_AppliesTheDocumentedDefaults()
    {
        var spec = LoadOne(PolicyYaml.Policy()).Spec;

        Assert.Equal(TimeSpan.FromSeconds(15), spec.Interval);
        Assert.Equal(TimeSpan.Zero, spec.Startup);
        Assert.Null(spec.Prediction);
        Assert.Empty(spec.Prewarm);
        Assert.False(spec.DryRun);
        Assert.Equal(1, spec.Guardrails.MinReplicas);
        Assert.Equal(0.1, spec.Guardrails.Tolerance.ScaleUp.Fraction, 12);
        Assert.Equal(0.1, spec.Guardrails.Tolerance.ScaleDown.Fraction, 12);
        Assert.Same(ScalingRules.DefaultScaleUp, spec.Guardrails.ScaleUp);
        Assert.Same(ScalingRules.DefaultScaleDown, spec.Guardrails.ScaleDown);
        Assert.Equal(MissingMetricsAction.Hold, spec.Guardrails.OnMissingMetrics);
        Assert.Equal(TimeSpan.FromMinutes(2), spec.Guardrails.MaxStaleness);
        Assert.Null(spec.Guardrails.Budget);
        Assert.Equal(MetricSpec.DefaultSource, spec.Metrics[0].Source);
        Assert.Equal(EmptyResultMode.Missing, spec.Metrics[0].WhenEmpty);
    }

    [Fact]
    public void LoadText_LongInterval_MaxStalenessDefaultsToTwoIntervals()
    {
        var spec = LoadOne(PolicyYaml.Policy(spec: "interval: 5m")).Spec;

        Assert.Equal(TimeSpan.FromMinutes(10), spec.Guardrails.MaxStaleness);
    }

    [Fact]
    public void LoadText_BlockWithoutPolicies_KeepsHpaDefaultPolicies()
    {
        var guardrails = LoadOne(PolicyYaml.Policy(guardrails: "scaleDown: { stabilization: 10m }\nscaleUp: { selectPolicy: Min }")).Spec.Guardrails;

        Assert.Equal(TimeSpan.FromMinutes(10), guardrails.ScaleDown.Stabilization);
        Assert.Equal(ScalingRules.DefaultScaleDown.Policies, guardrails.ScaleDown.Policies);
        Assert.Equal(SelectPolicy.Min, guardrails.ScaleUp.SelectPolicy);
        Assert.Equal(TimeSpan.Zero, guardrails.ScaleUp.Stabilization);
        Assert.Equal(ScalingRules.DefaultScaleUp.Policies, guardrails.ScaleUp.Policies);
    }

    [Fact]
    public void LoadText_BlockWithoutStabilization_KeepsDefaultWindow()
    {
        var guardrails = LoadOne(PolicyYaml.Policy(guardrails: "scaleDown:\n  policies:\n    - { type: Pods, value: 2, period: 1m }")).Spec.Guardrails;

        Assert.Equal(TimeSpan.FromMinutes(5), guardrails.ScaleDown.Stabilization);
        Assert.Equal([new StepPolicy(StepPolicyType.Pods, 2, TimeSpan.FromMinutes(1))], guardrails.ScaleDown.Policies);
    }

    [Fact]
    public void LoadText_ToleranceObject_ReadsEachDirection()
    {
        var tolerance = LoadOne(PolicyYaml.Policy(guardrails: "tolerance: { scaleUp: 5% }")).Spec.Guardrails.Tolerance;

        Assert.Equal(0.05, tolerance.ScaleUp.Fraction, 12);
        Assert.Equal(0.1, tolerance.ScaleDown.Fraction, 12);
    }

    [Fact]
    public void LoadText_PredictionWithoutOptionals_UsesFirstMetricNoHeadroomAndDefaultTrust()
    {
        var prediction = LoadOne(PolicyYaml.Policy(spec: "prediction: { model: seasonalNaive, history: 14d, season: 7d, step: 5m }")).Spec.Prediction!;

        Assert.Equal("rps", prediction.Metric);
        Assert.Equal(0, prediction.Headroom.Fraction);
        Assert.Equal(TimeSpan.FromHours(2), prediction.Trust.Window);
        Assert.Equal(0.25, prediction.Trust.MaxError.Fraction, 12);
        Assert.Equal(TrustGate.Decisions, prediction.Trust.Gate);
        Assert.Equal(Seasonality.Additive, prediction.Seasonality);
    }

    [Fact]
    public void LoadText_TrustGateError_JudgedByTheErrorAlone()
    {
        var prediction = LoadOne(PolicyYaml.Policy(spec: "prediction: { model: seasonalNaive, history: 14d, season: 7d, step: 5m, trust: { gate: error } }")).Spec.Prediction!;

        Assert.Equal(TrustGate.Error, prediction.Trust.Gate);
        Assert.Equal(0.25, prediction.Trust.MaxError.Fraction, 12);
    }

    [Fact]
    public void LoadText_PrewarmWithoutRampDown_DefaultsToZeroAndCronDefaultsToUtc()
    {
        var window = LoadOne(PolicyYaml.Policy(spec: "prewarm:\n  - { name: evening, cron: \"0 20 * * *\", lead: 20m, replicas: 10, hold: 1h }")).Spec.Prewarm.Single();

        Assert.Equal(TimeSpan.Zero, window.RampDown);
        Assert.Equal(TimeZoneInfo.Utc.Id, window.Cron!.TimeZone.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero), window.Cron.Next(TestPaths.Now));
    }

    [Fact]
    public void LoadText_KubernetesAddedFields_AreAcceptedAndIgnored()
    {
        var yaml = PolicyYaml.Policy().Replace("metadata:\n  name: api", """
            metadata:
              name: api
              namespace: promoscaler
              uid: 0b3f5c1e-1111-2222-3333-444455556666
              resourceVersion: "12345"
              generation: 3
              creationTimestamp: "2026-11-01T10:00:00Z"
              annotations: { kubectl.kubernetes.io/last-applied-configuration: "{}" }
              managedFields:
                - { manager: kubectl, operation: Apply }
            """, StringComparison.Ordinal) + "status:\n  observedGeneration: 3\n";

        Assert.Equal("api", LoadOne(yaml).Name);
    }

    [Fact]
    public void LoadText_ScaleTarget_ReadsApiVersionAndResource()
    {
        var yaml = PolicyYaml.Policy().Replace("{ kind: Deployment, namespace: shop, name: api }",
            "{ kind: Scale, apiVersion: argoproj.io/v1alpha1, resource: rollouts, namespace: shop, name: api }", StringComparison.Ordinal);

        var target = LoadOne(yaml).Spec.Target;

        Assert.Equal(new TargetRef(TargetKind.Scale, "shop", "api", "argoproj.io/v1alpha1", "rollouts"), target);
    }

    [Fact]
    public void LoadText_Origin_IsTheDocumentStart()
    {
        var result = PolicyLoader.LoadText("multi.yaml", PolicyYaml.Policy("a") + "\n---\n" + PolicyYaml.Policy("b"), TestPaths.Now);

        Assert.Equal(["a", "b"], result.Policies.Select(p => p.Name));
        Assert.Equal(new SourceLocation("multi.yaml", 1, 1), result.Policies[0].Origin);
        Assert.True(result.Policies[1].Origin.Line > 10);
    }
}
