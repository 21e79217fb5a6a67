using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class PerfectForecastFeedTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // Rows every minute: 10 up to minute 14, 40 from minute 15 to 29, 10 again from minute 30 to 40. Step 5m,
    // headroom 10%, interval 15s, startup 90s; D = 30s, W = 60s.
    private static readonly double[] Values = [.. Enumerable.Range(0, 41).Select(i => i is >= 15 and < 30 ? 40.0 : 10.0)];

    private static ScalingPolicy Policy() => DemandPolicy.Builder()
        .Startup(TimeSpan.FromSeconds(90))
        .Prediction(new PredictionSpec(
            ForecastModelKind.HoltWinters, "demand", TimeSpan.FromDays(2), TimeSpan.FromDays(1), TimeSpan.FromMinutes(5),
            Percentage.FromFraction(0.1), new TrustSpec(TimeSpan.FromHours(1), Percentage.FromFraction(0.25))))
        .Build();

    private static ReplayContext Context() => Contexts.PerMinute(Values, TimeSpan.FromSeconds(30), Minute);

    private static PerfectForecastFeed Feed(TimeSpan? window = null) => new(Policy(), Context(), new PerfectForecast(window));

    [Theory]
    // Horizon [13:30, 13:45]: the sample stamped 15:00, mean of d over [10:00, 15:00] = (4 x 10 + 1 x 25) / 5 = 13.
    [InlineData(12 * 60, 13 * 1.1)]
    // Horizon [14:50, 15:05] straddles a step: samples 15:00 (13) and 20:00 (all 40); the largest wins.
    [InlineData(13 * 60 + 20, 40 * 1.1)]
    // Horizon [15:30, 15:45]: the sample stamped 20:00 only.
    [InlineData(14 * 60, 40 * 1.1)]
    // Horizon [29:50, 30:05] at the drop: samples 30:00 ((4 x 40 + 25) / 5 = 37) and 35:00 (10); the earlier wins.
    [InlineData(28 * 60 + 20, 37 * 1.1)]
    public void Read_StepSamples_LargestSampleOverTheSpecHorizonTimesHeadroom(int nowSeconds, double expected)
    {
        var signal = Feed().Read(T0 + TimeSpan.FromSeconds(nowSeconds));

        Assert.Equal(ForecastStatus.Ready, signal.Status);
        Assert.Equal(expected, signal.Value!.Value, 9);
        Assert.Equal(0.0, signal.RecentError);
        Assert.Equal("perfect", signal.Model);
    }

    [Fact]
    public void Read_Window_MeanDemandOverTheWindowCentredOnTheHorizon()
    {
        // now 13:22.5: the horizon [14:52.5, 15:07.5] is centred on 15:00, so the 10m window is [10:00, 20:00]:
        // 4 minutes of 10, the ramp's minute (mean 25), 5 minutes of 40 = 265 / 10 = 26.5.
        var signal = Feed(TimeSpan.FromMinutes(10)).Read(T0 + TimeSpan.FromSeconds(13 * 60 + 22.5));

        Assert.Equal(ForecastStatus.Ready, signal.Status);
        Assert.Equal(26.5 * 1.1, signal.Value!.Value, 9);
    }

    [Fact]
    public void Read_HorizonPastTheTraceEnd_NotReady()
    {
        // now 39:00: the horizon needs the sample stamped 45:00, after the last row (40:00).
        var signal = Feed().Read(T0 + TimeSpan.FromMinutes(39));

        Assert.Equal(ForecastStatus.NotReady, signal.Status);
        Assert.Null(signal.Value);
    }

    [Fact]
    public void Run_PerfectForecast_PredictiveComponentIsTheTracesFuture()
    {
        // The same policy replayed with perfect foresight: at every tick whose forecast is ready, the predictive
        // proposal is ceil(forecast / targetPerReplica) unless within tolerance of the current count.
        var policy = Policy();
        var context = Context();
        var feed = new PerfectForecastFeed(policy, context, new PerfectForecast());

        var run = PolicyReplay.Run(policy, context, new PerfectForecastFeed(policy, context, new PerfectForecast()), DecisionEngine.Decide);

        var checkedTicks = 0;
        foreach (var tick in run.Ticks)
        {
            var signal = feed.Read(tick.At);
            if (signal.Status == ForecastStatus.Ready && tick.Components.Predictive is { } predictive)
            {
                Assert.Equal((int)Math.Ceiling(signal.Value!.Value / 10), predictive);
                checkedTicks++;
            }
        }

        Assert.True(checkedTicks > 100, $"only {checkedTicks} ticks had a predictive proposal");
    }

    [Theory]
    [InlineData(false, Ablation.None, "has no forecast to replace")]
    [InlineData(true, Ablation.Forecast, "has no forecast to replace")]
    public void Prepare_PerfectForecastWithoutAForecast_Rejected(bool predicts, Ablation disabled, string reason)
    {
        var policy = predicts ? Policy() : DemandPolicy.Builder().Build();
        var settings = new BacktestSettings(Disabled: disabled, PerfectForecast: new PerfectForecast());

        var error = Assert.Throws<BacktestInputException>(() => BacktestRunner.Prepare(policy, Parse(Csv(Minute, Values, "demand")), settings, out _));

        Assert.StartsWith("--perfect-forecast: policy web", error.Message);
        Assert.Contains(reason, error.Message);
    }
}
