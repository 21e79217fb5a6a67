using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Policies;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class StepFeederTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static PredictionSpec Prediction(TimeSpan step) => new(
        ForecastModelKind.SeasonalNaive, "demand", TimeSpan.FromDays(2), TimeSpan.FromDays(1), step,
        Percentage.FromFraction(0), new TrustSpec(TimeSpan.FromHours(1), Percentage.FromFraction(0.25)));

    private static ReplayContext Context(double[] perMinute, TimeSpan delay, TimeSpan window) => Contexts.PerMinute(perMinute, delay, window);

    [Fact]
    public void FeedUntil_OneMinuteSpike_SampleIsTheMeanOverItsWholeStep()
    {
        // 10 everywhere but 70 at minute 12: the spike adds a triangle of 60 x 60s to the step (10:00, 15:00], whose
        // sample is its mean over the whole step, 10 + 3600 / 300 = 22 (not the 55 of its peak 1-minute reading).
        var values = Enumerable.Repeat(10.0, 31).ToArray();
        values[12] = 70;
        var samples = new List<(DateTimeOffset At, double? Value)>();
        var feeder = new StepFeeder((at, v) => samples.Add((at, v)), Prediction(TimeSpan.FromMinutes(5)), Context(values, TimeSpan.FromSeconds(30), Minute));

        feeder.FeedUntil(T0 + TimeSpan.FromMinutes(30));

        var t0 = T0;
        Assert.Equal([t0 + 5 * Minute, t0 + 10 * Minute, t0 + 15 * Minute, t0 + 20 * Minute, t0 + 25 * Minute], samples.Select(s => s.At));
        Assert.Equal(10.0, samples[1].Value!.Value, 9);
        Assert.Equal(22.0, samples[2].Value!.Value, 9);
        Assert.Equal(10.0, samples[3].Value!.Value, 9);
    }

    [Fact]
    public void FeedUntil_SampleNotYetDelayOld_NotFed()
    {
        var values = Enumerable.Repeat(10.0, 31).ToArray();
        var samples = new List<DateTimeOffset>();
        var feeder = new StepFeeder((at, _) => samples.Add(at), Prediction(TimeSpan.FromMinutes(5)), Context(values, TimeSpan.FromSeconds(30), Minute));

        feeder.FeedUntil(T0 + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(29));
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), samples[^1]);

        feeder.FeedUntil(T0 + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), samples[^1]);
    }
}
