using PromoScaler.Core.Engine;
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
    public void Decide_NoForecastGiven_NotReady()
    {
        var decision = Run(null).Tick(1000);

        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.ForecastNotReady);
    }
}
