using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Runtime;
using PromoScaler.Testing.Metrics;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Runtime;

/// <summary>How a runtime feeds its forecaster from the metric history: the step grid, each sample once, when it exists.</summary>
public class PolicyRuntimeForecastTests
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

    private static PolicyRuntime Runtime(FunctionMetricHistory history, TimeSpan sampleDelay = default) =>
        new(Policy(), new RuntimeSettings { History = history, SampleDelay = sampleDelay });

    private static async Task<ForecastSignal> ForecastAt(PolicyRuntime runtime, DateTimeOffset now) =>
        (await runtime.ReadAsync(now, [MetricReading.Of("rps", Daily(now), now)], CancellationToken.None)).Forecast!;

    [Fact]
    public async Task ReadAsync_FirstTick_ReadsHistoryOnTheStepGridThenForecasts()
    {
        var history = new FunctionMetricHistory(t => Daily(t));
        var runtime = Runtime(history);

        var signal = await ForecastAt(runtime, Now);

        var (first, last, step) = Assert.Single(history.Ranges);
        Assert.Equal(Step, step);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 5, 0, TimeSpan.Zero), first); // first stamp at or after now - 2d
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), last);  // newest stamp at or before now
        Assert.Equal(ForecastStatus.Ready, signal.Status);
        Assert.Equal(last, runtime.Forecaster!.NewestSample);
    }

    [Fact]
    public async Task ReadAsync_LaterTicks_AskOnlyForTheNewStepsOnce()
    {
        var history = new FunctionMetricHistory(t => Daily(t));
        var runtime = Runtime(history);
        await ForecastAt(runtime, Now);

        await ForecastAt(runtime, Now + TimeSpan.FromMinutes(1)); // no new step yet
        await ForecastAt(runtime, Now + TimeSpan.FromMinutes(5)); // 12:05 exists

        Assert.Equal(2, history.Ranges.Count);
        var stamp = new DateTimeOffset(2026, 11, 25, 12, 5, 0, TimeSpan.Zero);
        Assert.Equal((stamp, stamp, Step), history.Ranges[1]);
        Assert.Equal(stamp, runtime.Forecaster!.NewestSample);
    }

    [Fact]
    public async Task ReadAsync_SampleDelay_ASampleIsFedOnlyOnceItIsThatOld()
    {
        var history = new FunctionMetricHistory(t => Daily(t));
        var runtime = Runtime(history, TimeSpan.FromSeconds(30));

        await ForecastAt(runtime, new DateTimeOffset(2026, 11, 25, 12, 0, 29, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 55, 0, TimeSpan.Zero), runtime.Forecaster!.NewestSample);

        await ForecastAt(runtime, new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), runtime.Forecaster!.NewestSample);
    }

    [Fact]
    public async Task ReadAsync_SameSamplesAsAForecasterFedDirectly_SameForecast()
    {
        var policy = Policy();
        var runtime = new PolicyRuntime(policy, new RuntimeSettings { History = new FunctionMetricHistory(t => Daily(t)) });
        var direct = Forecaster.For(policy)!;
        var cursor = new StepCursor(Step, Now - TimeSpan.FromDays(2));
        foreach (var stamp in cursor.TakeDue(Now))
        {
            direct.Observe(stamp, Daily(stamp));
        }

        Assert.Equal(direct.Predict(Now), await ForecastAt(runtime, Now));
    }

    [Fact]
    public async Task ReadAsync_HistoryFails_NotReadyReportedAndRetriedNextTick()
    {
        var history = new FunctionMetricHistory(t => Daily(t)) { Failure = "connection refused" };
        var runtime = Runtime(history);

        var failed = await runtime.ReadAsync(Now, [MetricReading.Of("rps", 1000, Now)], CancellationToken.None);
        Assert.Equal(ForecastStatus.NotReady, failed.Forecast!.Status);
        Assert.Equal(new HistoryProblem("rps", "forecast", "connection refused"), Assert.Single(failed.HistoryProblems));

        history.Failure = null;
        Assert.Equal(ForecastStatus.Ready, (await ForecastAt(runtime, Now + TimeSpan.FromSeconds(15))).Status);
        Assert.Equal(history.Ranges[0].First, history.Ranges[1].First);
    }

    [Fact]
    public async Task ReadAsync_MissingStep_FedAsMissing()
    {
        var hole = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var runtime = Runtime(new FunctionMetricHistory(t => t == hole ? null : Daily(t)));

        var signal = await ForecastAt(runtime, Now);

        Assert.Equal(ForecastStatus.InputInvalid, signal.Status); // the newest sample is missing
        Assert.Equal(hole, runtime.Forecaster!.NewestSample);
    }

    [Fact]
    public async Task ReadAsync_HistoryStartsLate_ModelStartsAtTheFirstValue()
    {
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var policy = Policy();
        var runtime = new PolicyRuntime(policy, new RuntimeSettings { History = new FunctionMetricHistory(t => t < start ? null : Daily(t)) });
        var direct = Forecaster.For(policy)!;
        foreach (var stamp in new StepCursor(Step, start).TakeDue(Now))
        {
            direct.Observe(stamp, Daily(stamp));
        }

        Assert.Equal(direct.Predict(Now), await ForecastAt(runtime, Now));
    }
}
