using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Prometheus.Tests.Infrastructure;

namespace PromoScaler.Prometheus.Tests;

/// <summary>Readings from a real Prometheus through the real engine: an invalid signal never moves capacity.</summary>
[Collection(SharedPrometheus.Name)]
public sealed class EngineOverPrometheusTests(PrometheusFixture prometheus)
{
    private static readonly DateTimeOffset T0 = PrometheusFixture.T0;

    private static ScalingPolicy Policy(string metricYaml)
    {
        var yaml = $"""
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata: {"{"} name: shop {"}"}
            spec:
              target: {"{"} kind: Deployment, namespace: shop, name: api {"}"}
              interval: 15s
              metrics:
            {metricYaml}
              guardrails:
                minReplicas: 1
                maxReplicas: 50
                maxStaleness: 2m
            """;
        var loaded = PolicyLoader.LoadText("shop.yaml", yaml, T0);
        Assert.DoesNotContain(loaded.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return Assert.Single(loaded.Policies);
    }

    /// <summary>Reads the policy's one metric from the shared Prometheus at <paramref name="now"/> and decides on it.</summary>
    private async Task<Decision> ReadAndDecideAsync(ScalingPolicy policy, DateTimeOffset now)
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var reading = await harness.Source.ReadAsync(policy.Spec.Metrics[0], now, CancellationToken.None);
        return Decide(policy, reading, now);
    }

    private static Decision Decide(ScalingPolicy policy, MetricReading reading, DateTimeOffset now) =>
        DecisionEngine.Decide(new DecisionInput(
            policy, new TargetObservation(SpecReplicas: 1), [reading], null, OperatorControls.None, EngineState.Empty, now));

    private static ReasonCode SignalOf(Decision decision) =>
        decision.Explanation.Single(s => s.Stage == DecisionStage.Signals).Code;

    private const string Complete = """
            - name: load
              query: sum(ps_load)
              targetPerReplica: 100
              completenessQuery: count(ps_up == 1) / count(ps_up)
              minCompleteness: 90%
        """;

    [Fact]
    public async Task Decide_AllFourInstancesReporting_ScalesUpOnTheSum()
    {
        var policy = Policy(Complete);
        var now = T0 + TimeSpan.FromMinutes(20);

        var decision = await ReadAndDecideAsync(policy, now);

        Assert.Equal(ReasonCode.MetricValid, SignalOf(decision));
        Assert.Equal(4, decision.Desired);
    }

    [Fact]
    public async Task Decide_OneOfFourInstancesStopped_IncompleteAndHolds()
    {
        var policy = Policy(Complete);
        var now = T0 + TimeSpan.FromMinutes(40);

        var decision = await ReadAndDecideAsync(policy, now);

        Assert.Equal(ReasonCode.Incomplete, SignalOf(decision));
        Assert.Equal(1, decision.Desired); // the sum of 300 alone would ask for 3
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.HoldOnMissingMetrics);
    }

    [Fact]
    public async Task Decide_FreshnessOlderThanMaxStaleness_StaleAndHolds()
    {
        var policy = Policy("""
                - name: frozen
                  query: ps_frozen
                  targetPerReplica: 10
                  freshnessQuery: max(timestamp(ps_frozen))
            """);
        var now = T0 + (PrometheusFixture.Step * PrometheusFixture.FrozenAfter) + TimeSpan.FromMinutes(4);

        var decision = await ReadAndDecideAsync(policy, now);

        Assert.Equal(ReasonCode.Stale, SignalOf(decision));
        Assert.Equal(1, decision.Desired); // 42 / 10 would ask for 5
    }

    [Theory]
    [InlineData("ps_two", ReasonCode.MultipleSeries)]
    [InlineData("ps_absent", ReasonCode.NoData)]
    [InlineData("ps_nan", ReasonCode.NotANumber)]
    [InlineData("ps_negative", ReasonCode.Negative)]
    [InlineData("ps_inf", ReasonCode.Infinite)]
    [InlineData("sum(ps_gauge", ReasonCode.QueryError)]
    public async Task Decide_InvalidPrometheusAnswer_GivesTypedReasonAndHolds(string query, ReasonCode expected)
    {
        var policy = Policy($"""
                - name: rps
                  query: '{query}'
                  targetPerReplica: 1
            """);
        var now = T0 + TimeSpan.FromMinutes(10);

        var decision = await ReadAndDecideAsync(policy, now);

        Assert.Equal(expected, SignalOf(decision));
        Assert.Equal(1, decision.Desired);
    }

    [Fact]
    public async Task Decide_PrometheusStopped_ReadFailedAndHoldsThenScalesAfterRestart()
    {
        using var harness = SourceHarness.Create(prometheus.BaseUrl);
        var policy = Policy("""
                - name: gauge
                  query: ps_gauge
                  targetPerReplica: 10
            """);
        var metric = policy.Spec.Metrics[0];
        var now = T0 + TimeSpan.FromMinutes(10);

        await prometheus.Server.StopAsync();
        MetricReading down;
        try
        {
            down = await harness.Source.ReadAsync(metric, now, CancellationToken.None);
        }
        finally
        {
            await prometheus.Server.RestartAsync();
        }

        var whileDown = Decide(policy, down, now);
        var afterRestart = Decide(policy, await harness.Source.ReadAsync(metric, now, CancellationToken.None), now);

        Assert.Equal((ReasonCode.ReadFailed, 1), (SignalOf(whileDown), whileDown.Desired));
        Assert.Equal((ReasonCode.MetricValid, 4), (SignalOf(afterRestart), afterRestart.Desired)); // 40 / 10
    }
}
