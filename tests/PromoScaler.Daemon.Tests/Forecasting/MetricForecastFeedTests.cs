using Microsoft.Extensions.Logging.Abstractions;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Daemon.Forecasting;
using PromoScaler.Daemon.Tests.Fakes;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Daemon.Tests.Forecasting;

public class MetricForecastFeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 7, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private static ScalingPolicy Policy() => new PolicyBuilder()
        .Metric("rps", 100)
        .Prediction(new PredictionSpec(
            ForecastModelKind.SeasonalNaive, "rps", TimeSpan.FromDays(2), TimeSpan.FromDays(1), Step,
            Percentage.FromFraction(0.1), new TrustSpec(PolicyDefaults.Trust.Window, Percentage.FromFraction(0.25))))
        .Build();

    // A daily sine: every sample is known, so the seasonal-naive model is fitted after one season.
    private static double Daily(DateTimeOffset t) => 1000 + (500 * Math.Sin(2 * Math.PI * t.TimeOfDay.TotalDays));

    [Fact]
    public async Task Read_FirstTick_ReadsHistoryOnTheStepGridThenForecasts()
    {
        var history = new FakeMetricHistory(t => Daily(t));
        var feed = MetricForecastFeed.For(Policy(), history, NullLogger.Instance)!;

        var signal = await feed.ReadAsync(Now, CancellationToken.None);

        var (first, last, step) = Assert.Single(history.Ranges);
        Assert.Equal(Step, step);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 5, 0, TimeSpan.Zero), first); // first stamp at or after now - 2d
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), last);  // newest stamp at or before now
        Assert.Equal(ForecastStatus.Ready, signal.Status);
        Assert.Equal(last, feed.Forecaster.NewestSample);
    }

    [Fact]
    public async Task Read_LaterTicks_AskOnlyForTheNewStepsOnce()
    {
        var history = new FakeMetricHistory(t => Daily(t));
        var feed = MetricForecastFeed.For(Policy(), history, NullLogger.Instance)!;
        await feed.ReadAsync(Now, CancellationToken.None);

        await feed.ReadAsync(Now + TimeSpan.FromMinutes(1), CancellationToken.None); // no new step yet
        await feed.ReadAsync(Now + TimeSpan.FromMinutes(5), CancellationToken.None); // 12:05 exists

        Assert.Equal(2, history.Ranges.Count);
        var stamp = new DateTimeOffset(2026, 11, 25, 12, 5, 0, TimeSpan.Zero);
        Assert.Equal((stamp, stamp, Step), history.Ranges[1]);
        Assert.Equal(stamp, feed.Forecaster.NewestSample);
    }

    [Fact]
    public async Task Read_SameSamplesAsTheBacktestFeed_SameForecast()
    {
        // The daemon's feed and a forecaster fed directly on the shared step grid see identical samples.
        var policy = Policy();
        var feed = MetricForecastFeed.For(policy, new FakeMetricHistory(t => Daily(t)), NullLogger.Instance)!;
        var direct = Forecaster.For(policy)!;
        var cursor = new StepCursor(Step, Now - TimeSpan.FromDays(2));
        foreach (var stamp in cursor.TakeDue(Now))
        {
            direct.Observe(stamp, Daily(stamp));
        }

        var fromFeed = await feed.ReadAsync(Now, CancellationToken.None);

        Assert.Equal(direct.Predict(Now), fromFeed);
    }

    [Fact]
    public async Task Read_HistoryFails_NotReadyAndRetriedNextTick()
    {
        var history = new FakeMetricHistory(t => Daily(t)) { Failure = "connection refused" };
        var feed = MetricForecastFeed.For(Policy(), history, NullLogger.Instance)!;

        Assert.Equal(ForecastStatus.NotReady, (await feed.ReadAsync(Now, CancellationToken.None)).Status);
        history.Failure = null;
        Assert.Equal(ForecastStatus.Ready, (await feed.ReadAsync(Now + TimeSpan.FromSeconds(15), CancellationToken.None)).Status);
        Assert.Equal(history.Ranges[0].First, history.Ranges[1].First);
    }

    [Fact]
    public async Task Read_MissingStep_FedAsMissing()
    {
        var hole = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var history = new FakeMetricHistory(t => t == hole ? null : Daily(t));
        var feed = MetricForecastFeed.For(Policy(), history, NullLogger.Instance)!;

        var signal = await feed.ReadAsync(Now, CancellationToken.None);

        Assert.Equal(ForecastStatus.InputInvalid, signal.Status); // the newest sample is missing
        Assert.Equal(hole, feed.Forecaster.NewestSample);
    }
}
