using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Policies;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class HpaBaselineTests
{
    // Rows every minute: demand 10 then 40 for three minutes, then 10.
    private static readonly string StepUpTrace = Csv(TimeSpan.FromMinutes(1), [10, 10, 40, 40, 40, 10]);

    [Fact]
    public void Run_PolicyTargetsAnHpa_HpaBaselineStillScalesReactively()
    {
        var built = DemandPolicy.Builder(10, 10).Build();
        var policy = built with { Spec = built.Spec with { Target = new TargetRef(TargetKind.HorizontalPodAutoscaler, "shop", "web-hpa") } };

        var result = new BacktestRunner().Run(policy, Parse(StepUpTrace), new BacktestSettings(), withFrontier: false);

        // The baseline is a plain HPA on the workload: demand 40 at 10 per replica asks for 4 replicas.
        Assert.Equal(4, result.HpaScore.PeakReplicas);
        Assert.True(result.HpaScore.ScaleEvents > 0);
    }
}
