using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Tests.Policies.Loading;

public sealed class PolicyLoaderRulesTests
{
    private static string Diagnostic(string yaml)
    {
        var result = PolicyLoader.LoadText("p.yaml", yaml, TestPaths.Now);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Policies);
        var error = Assert.Single(result.Errors);
        return $"{error.Path}: {error.Message}";
    }

    [Theory]
    [InlineData("interval: 2s", "spec.interval: 2s is outside 5s..10m")]
    [InlineData("interval: 11m", "spec.interval: 11m is outside 5s..10m")]
    [InlineData("startup: -5s", "spec.startup: -5s is not a duration; write an integer with one unit s, m, h or d, e.g. 90s")]
    [InlineData("prediction: { model: holtWinters, history: 14d, season: 1d, step: 7m }", "spec.prediction.step: 7m does not divide season 1d")]
    [InlineData("prediction: { model: holtWinters, history: 12h, season: 1d, step: 1m }", "spec.prediction.history: 12h is shorter than one season (1d); the model cannot be fitted")]
    [InlineData("prediction: { model: holtWinters, season: 1d, step: 1m }", "spec.prediction.history: required field is missing")]
    [InlineData("prediction: { model: holtWinters, metric: cpu, history: 14d, season: 1d, step: 1m }", "spec.prediction.metric: \"cpu\" is not one of the policy's metrics (rps)")]
    [InlineData("prediction: { model: seasonalNaive, seasonality: additive, history: 14d, season: 1d, step: 1m }", "spec.prediction.seasonality: applies only to model holtWinters")]
    [InlineData("prediction: { model: arima }", "spec.prediction.model: \"arima\" is not one of none, seasonalNaive, holtWinters")]
    [InlineData("prediction: { model: none, trust: { gate: always } }", "spec.prediction.trust.gate: \"always\" is not one of decisions, error")]
    [InlineData("prediction: { model: none, headroom: 10 }", "spec.prediction.headroom: 10 is ambiguous; write 1000% or 10%")]
    [InlineData("prewarm:\n  - { name: a, start: 2027-11-11T00:00:00+08:00, cron: \"0 20 * * *\", lead: 1h, replicas: 5, hold: 1h }", "spec.prewarm[0]: a pre-warm window takes exactly one of start or cron")]
    [InlineData("prewarm:\n  - { name: a, lead: 1h, replicas: 5, hold: 1h }", "spec.prewarm[0]: a pre-warm window takes exactly one of start or cron")]
    [InlineData("prewarm:\n  - { name: a, start: 2027-11-11T00:00:00+08:00, lead: 1h, replicas: 5, multiplier: 2, hold: 1h }", "spec.prewarm[0]: give exactly one of replicas or multiplier")]
    [InlineData("prewarm:\n  - { name: a, start: 2027-11-11T00:00:00, lead: 1h, replicas: 5, hold: 1h }", "spec.prewarm[0].start: 2027-11-11T00:00:00 is not a timestamp; write ISO-8601 with Z or an offset, e.g. 2027-11-11T00:00:00+08:00")]
    [InlineData("prewarm:\n  - { name: a, start: 2027-11-11T00:00:00Z, timeZone: Asia/Shanghai, lead: 1h, replicas: 5, hold: 1h }", "spec.prewarm[0].timeZone: applies only with cron; a start carries its own offset")]
    [InlineData("prewarm:\n  - { name: a, cron: \"0 20 * * *\", lead: 1h, replicas: 5, hold: 1h }\n  - { name: a, cron: \"0 8 * * *\", lead: 1h, replicas: 5, hold: 1h }", "spec.prewarm[1].name: duplicate pre-warm name \"a\" (first at spec.prewarm[0])")]
    [InlineData("prewarm:\n  - { name: a, cron: \"0 20 * * *\", replicas: 5, hold: 1h }", "spec.prewarm[0].lead: required field is missing")]
    [InlineData("dryRun: True\nmetrics: []", "spec.metrics: at least one metric is required")]
    public void LoadText_SpecRuleBroken_ReportsIt(string spec, string expected)
    {
        var yaml = PolicyYaml.Policy(spec: spec);
        if (spec.StartsWith("dryRun", StringComparison.Ordinal))
        {
            yaml = yaml.Replace("  metrics:\n    - name: rps\n      query: sum(rate(http_requests_total[2m]))\n      targetPerReplica: 100\n", "", StringComparison.Ordinal);
        }

        Assert.Equal(expected, Diagnostic(yaml));
    }

    [Theory]
    [InlineData("minReplicas: 0", "spec.guardrails.minReplicas: 0 is below the minimum 1")]
    [InlineData("tolerance: 5", "spec.guardrails.tolerance: 5 is ambiguous; write 500% or 5%")]
    [InlineData("tolerance: \"10\"", "spec.guardrails.tolerance: \"10\" is not a percentage; write a number from 0% to 100% followed by %, e.g. 10%")]
    [InlineData("tolerance: 150%", "spec.guardrails.tolerance: 150% must be at least 0% and at most 100%")]
    [InlineData("scaleUp: { stabilization: 61m }", "spec.guardrails.scaleUp.stabilization: 61m is outside 0s..1h")]
    [InlineData("scaleUp: { policies: [{ type: Pods, value: 4, period: 31m }] }", "spec.guardrails.scaleUp.policies[0].period: 31m is outside 1s..30m")]
    [InlineData("scaleUp: { policies: [{ type: Pods, value: 4, period: 0s }] }", "spec.guardrails.scaleUp.policies[0].period: 0s is outside 1s..30m")]
    [InlineData("scaleDown: { policies: [{ type: Percent, value: 0, period: 15s }] }", "spec.guardrails.scaleDown.policies[0].value: 0 is below the minimum 1")]
    [InlineData("scaleDown: { policies: [] }", "spec.guardrails.scaleDown.policies: at least one policy is required unless selectPolicy is Disabled")]
    [InlineData("scaleDown: { selectPolicy: Max, policies: [{ type: Replicas, value: 1, period: 15s }] }", "spec.guardrails.scaleDown.policies[0].type: \"Replicas\" is not one of Percent, Pods")]
    [InlineData("onMissingMetrics: scaleUp", "spec.guardrails.fallbackReplicas: required with onMissingMetrics: scaleUp")]
    [InlineData("onMissingMetrics: scaleUp\nfallbackReplicas: 60", "spec.guardrails.fallbackReplicas: 60 is greater than maxReplicas (50)")]
    [InlineData("freeze:\n  - { start: 2027-11-11T02:00:00Z, end: 2027-11-11T01:00:00Z }", "spec.guardrails.freeze[0].end: must be after start")]
    [InlineData("freeze:\n  - { start: 2027-11-11T02:00:00Z }", "spec.guardrails.freeze[0].end: required field is missing")]
    [InlineData("freeze:\n  - { cron: \"0 20 * * *\" }", "spec.guardrails.freeze[0].duration: required field is missing")]
    [InlineData("freeze:\n  - { cron: \"0 20 * * *\", duration: 1h, end: 2027-11-11T01:00:00Z }", "spec.guardrails.freeze[0].end: applies only with start; a recurring freeze takes cron and duration")]
    [InlineData("budget: { pricePerReplicaHour: 0, maxPerHour: 10 }", "spec.guardrails.budget.pricePerReplicaHour: 0 must be greater than 0")]
    public void LoadText_GuardrailRuleBroken_ReportsIt(string guardrails, string expected)
    {
        Assert.Equal(expected, Diagnostic(PolicyYaml.Policy(guardrails: guardrails)));
    }

    [Fact]
    public void LoadText_DisabledDirectionWithoutPolicies_IsAccepted()
    {
        var result = PolicyLoader.LoadText("p.yaml", PolicyYaml.Policy(guardrails: "scaleDown: { selectPolicy: Disabled, policies: [] }"), TestPaths.Now);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("apiVersion: promoscaler.io/v1", "apiVersion: promoscaler.io/v2", "apiVersion: \"promoscaler.io/v2\" is not supported; expected promoscaler.io/v1")]
    [InlineData("kind: ScalingPolicy", "kind: Deployment", "kind: \"Deployment\" is not supported; expected ScalingPolicy")]
    [InlineData("name: api\n", "name: Checkout_API\n", "metadata.name: \"Checkout_API\" is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)")]
    [InlineData("- name: rps", "- name: rps-total", "spec.metrics[0].name: \"rps-total\" is not a metric name ([a-z0-9_]+)")]
    [InlineData("{ kind: Deployment, namespace: shop, name: api }", "{ kind: Deployment, namespace: shop, name: api, resource: rollouts }", "spec.target.resource: applies only to kind Scale")]
    [InlineData("{ kind: Deployment, namespace: shop, name: api }", "{ kind: Scale, namespace: shop, name: api, apiVersion: argoproj.io/v1alpha1 }", "spec.target.resource: required field is missing")]
    [InlineData("targetPerReplica: 100", "targetPerReplica: 0", "spec.metrics[0].targetPerReplica: 0 must be greater than 0")]
    [InlineData("targetPerReplica: 100", "targetPerReplica: 100\n      minCompleteness: 90%", "spec.metrics[0].minCompleteness: needs completenessQuery")]
    public void LoadText_DocumentRuleBroken_ReportsIt(string replace, string with, string expected)
    {
        Assert.Equal(expected, Diagnostic(PolicyYaml.Policy().Replace(replace, with, StringComparison.Ordinal)));
    }

    [Fact]
    public void LoadText_ManyFaultsInManyFiles_ReportsEveryOneInFileOrder()
    {
        var result = PolicyLoader.LoadText(
            [
                new PolicySource("a.yaml", PolicyYaml.Policy("a", spec: "interval: 1s\nstartup: 5", guardrails: "tolerance: 0.1")),
                new PolicySource("b.yaml", PolicyYaml.Policy("b", spec: "colour: blue")),
            ],
            TestPaths.Now);

        Assert.Equal(
            ["a.yaml spec.interval", "a.yaml spec.startup", "a.yaml spec.guardrails.tolerance", "b.yaml spec.colour"],
            result.Errors.Select(e => $"{e.Location.File} {e.Path}"));
        Assert.Empty(result.Policies);
    }

    [Fact]
    public void LoadText_SameNameOrTargetInAnotherFile_IsRejectedAcrossFiles()
    {
        var result = PolicyLoader.LoadText(
            [
                new PolicySource("a.yaml", PolicyYaml.Policy("checkout", targetName: "checkout-api")),
                new PolicySource("b.yaml", PolicyYaml.Policy("checkout", targetName: "checkout-api")),
            ],
            TestPaths.Now);

        Assert.Equal(
            [
                "b.yaml:4:9 metadata.name: duplicate policy name \"checkout\" (first at a.yaml:4:9)",
                "b.yaml:6:11 spec.target: Deployment shop/checkout-api is already the target of policy \"checkout\" (a.yaml:6:11); two policies on one target would fight",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void LoadText_ValidDocumentBeforeSyntaxError_NothingLoaded()
    {
        var result = PolicyLoader.LoadText("p.yaml", PolicyYaml.Policy() + "\n---\nspec: [unclosed\n", TestPaths.Now);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("invalid YAML: ", error.Message);
        Assert.Empty(result.Policies);
    }

    [Fact]
    public void LoadText_EmptyDocuments_AreSkipped()
    {
        var result = PolicyLoader.LoadText("p.yaml", "---\n" + PolicyYaml.Policy() + "\n---\n", TestPaths.Now);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Single(result.Policies);
    }

    [Fact]
    public void LoadText_DuplicateKeyThroughAlias_IsStillADuplicate()
    {
        var yaml = PolicyYaml.Policy(guardrails: "minReplicas: &m 2\nminReplicas: *m");

        Assert.Equal("spec.guardrails.minReplicas: duplicate key \"minReplicas\" (first at line 14)", Diagnostic(yaml));
    }
}
