using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

public sealed class PredictionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    private static EngineRun Run(ForecastSignal? forecast) => new(
        new PolicyBuilder().Metric("rps", 100).Prediction("rps", maxError: 0.25).Replicas(1, 100).Unlimited().Build(), 10, Now)
    {
        State = EngineState.Empty with { LastWritten = 10, Recommendations = [new(Now.AddHours(-1), 10)] },
        Forecast = forecast,
    };

    [Fact]
    public void Decide_ReadyForecast_CeilOfValueOverTargetPerReplica()
    {
        var decision = Run(new ForecastSignal(ForecastStatus.Ready, 2501, 0.1, "seasonalNaive")).Tick(1000);

        Assert.Equal(26, decision.Components.Predictive);
        Assert.Equal(26, decision.Desired);
        Assert.Equal(ReasonCode.ForecastUsed, decision.Reason);
    }

    [Fact]
    public void Decide_ForecastWithinTolerance_Ignored()
    {
        var decision = Run(new ForecastSignal(ForecastStatus.Ready, 1050, 0.1, "seasonalNaive")).Tick(1000);

        Assert.Null(decision.Components.Predictive);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.ForecastWithinTolerance);
    }

    [Fact]
    public void Decide_UntrustedForecast_IgnoredWithTheError()
    {
        var decision = Run(new ForecastSignal(ForecastStatus.Untrusted, 5000, 0.4, "holtWinters")).Tick(1000);

        Assert.Null(decision.Components.Predictive);
        var step = Assert.Single(decision.Explanation, s => s.Code == ReasonCode.ForecastUntrusted);
        Assert.Equal(0.4, step.Value);
        Assert.Equal(0.25, step.Limit);
        Assert.Equal(10, decision.Desired);
    }

    [Theory]
    [InlineData(ForecastStatus.NotReady, ReasonCode.ForecastNotReady)]
    [InlineData(ForecastStatus.InputInvalid, ReasonCode.ForecastInputInvalid)]
    public void Decide_ForecastNotUsable_Explained(ForecastStatus status, ReasonCode expected)
    {
        var decision = Run(new ForecastSignal(status, null, null, "holtWinters")).Tick(1000);

        Assert.Null(decision.Components.Predictive);
        Assert.Contains(decision.Explanation, s => s.Code == expected);
    }

    [Fact]
    public void Decide_PredictionMetricInvalidNow_ForecastInputInvalid()
    {
        var decision = Run(new ForecastSignal(ForecastStatus.Ready, 5000, 0.1, "holtWinters")).Tick(MetricReading.Empty("rps", Now));

        Assert.Null(decision.Components.Predictive);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.ForecastInputInvalid);
        Assert.Equal(10, decision.Desired);
    }

    [Fact]
    public void Decide_ForecastNotEarnedByItsDecisions_IgnoredWithTheEvidence()
    {
        var run = Run(new ForecastSignal(ForecastStatus.Ready, 2501, 0.1, "holtWinters"));
        var decision = DecisionEngine.Decide(run.Input(MetricReading.Of("rps", 1000, Now)) with { ForecastVerdict = new ForecastVerdict(false, 400, 3, 2.5, 1.2) });

        Assert.Null(decision.Components.Predictive);
        Assert.Equal(10, decision.Desired);
        var step = Assert.Single(decision.Explanation, s => s.Code == ReasonCode.ForecastNotEarned);
        Assert.Equal(3, step.Value);
        Assert.Equal(400, step.After);
        Assert.Equal(2.5, step.Limit);
    }

    [Fact]
    public void Decide_ForecastEarnedByItsDecisions_UsedAndExplained()
    {
        var run = Run(new ForecastSignal(ForecastStatus.Ready, 2501, 0.1, "holtWinters"));
        var decision = DecisionEngine.Decide(run.Input(MetricReading.Of("rps", 1000, Now)) with { ForecastVerdict = new ForecastVerdict(true, 400, 9, 2.5, 1.2) });

        Assert.Equal(26, decision.Desired);
        Assert.Equal(ReasonCode.ForecastUsed, decision.Reason);
        var step = Assert.Single(decision.Explanation, s => s.Code == ReasonCode.ForecastEarned);
        Assert.Equal(9, step.Value);
        Assert.Equal(2.5, step.Limit);
    }

    [Fact]
    public void Decide_TrustGateError_VerdictIgnored()
    {
        var policy = new PolicyBuilder().Metric("rps", 100).Prediction("rps", maxError: 0.25).Replicas(1, 100).Unlimited().Build();
        var spec = policy.Spec with { Prediction = policy.Spec.Prediction! with { Trust = policy.Spec.Prediction!.Trust with { Gate = TrustGate.Error } } };
        var run = new EngineRun(policy with { Spec = spec }, 10, Now) { Forecast = new ForecastSignal(ForecastStatus.Ready, 2501, 0.1, "holtWinters") };
        var decision = DecisionEngine.Decide(run.Input(MetricReading.Of("rps", 1000, Now)) with { ForecastVerdict = new ForecastVerdict(false, 400, 0, 2.5, 1.2) });

        Assert.Equal(26, decision.Desired);
        Assert.DoesNotContain(decision.Explanation, s => s.Code is ReasonCode.ForecastNotEarned or ReasonCode.ForecastEarned);
    }

    [Theory]
    [InlineData(30, true)]   // shorter than the 1m step: not consulted
    [InlineData(60, false)]  // a step or longer: the forecast serves
    public void Decide_CalibratedPolicy_ForecastConsultedOnlyFromALeadOfOneStep(int startupSeconds, bool shortLead)
    {
        var policy = new PolicyBuilder().Startup(TimeSpan.FromSeconds(startupSeconds)).Metric("rps", 100, capacityPerReplica: 125).Prediction("rps").Replicas(1, 100).Unlimited().Calibrated().Build();
        var run = new EngineRun(policy, 10, Now) { Forecast = new ForecastSignal(ForecastStatus.Ready, 2501, 0.1, "seasonalNaive") };

        var decision = run.Tick(1000);

        Assert.Equal(shortLead, decision.Explanation.Any(s => s.Code == ReasonCode.ForecastShortLead));
        Assert.Equal(shortLead ? null : 26, decision.Components.Predictive);
    }

    [Fact]
    public void Decide_NoForecastGiven_NotReady()
    {
        var decision = Run(null).Tick(1000);

        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.ForecastNotReady);
    }
}
