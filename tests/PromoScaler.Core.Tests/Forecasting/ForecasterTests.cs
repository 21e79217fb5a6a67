using PromoScaler.Core.Engine;
using PromoScaler.Core.Forecasting;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Forecasting;

public class ForecasterTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private static PredictionSpec Spec(
        ForecastModelKind model,
        Seasonality seasonality = Seasonality.Additive,
        double maxError = 0.25,
        double headroom = 0.0,
        int seasonMinutes = 60) => new(
        model,
        "rps",
        TimeSpan.FromMinutes(seasonMinutes * 4),
        TimeSpan.FromMinutes(seasonMinutes),
        Step,
        Percentage.FromFraction(headroom),
        new TrustSpec(TimeSpan.FromMinutes(30), Percentage.FromFraction(maxError)),
        seasonality);

    // A daily-like shape on a 60-sample season: a base, a smooth wave and a sharp peak.
    private static double Seasonal(long i) =>
        100 + 40 * Math.Sin(2 * Math.PI * i / 60.0) + (i % 60 is >= 40 and < 45 ? 60 : 0);

    private static double Bursty(long i) => i % 2 == 0 ? 20 : 600;

    private static Forecaster Feed(Forecaster forecaster, int samples, Func<long, double> series)
    {
        for (var i = 0; i < samples; i++)
        {
            forecaster.Observe(T0 + i * Step, series(i));
        }

        return forecaster;
    }

    [Theory]
    [InlineData(ForecastModelKind.HoltWinters, Seasonality.Additive)]
    [InlineData(ForecastModelKind.HoltWinters, Seasonality.Multiplicative)]
    [InlineData(ForecastModelKind.SeasonalNaive, Seasonality.Additive)]
    public void Predict_KnownSeasonalSeries_WithinTwoPercentOverTheNextSeason(ForecastModelKind model, Seasonality seasonality)
    {
        // Deterministic noise of +/-2% on top of the pattern; the forecast must stay within 2% mean error, i.e.
        // it has learnt the pattern, not the noise.
        var noise = new Random(7);
        var observed = new double[60 * 8];
        for (var i = 0; i < observed.Length; i++)
        {
            observed[i] = Seasonal(i) * (1 + 0.02 * (noise.NextDouble() * 2 - 1));
        }

        var errors = new List<double>();
        var forecaster = new Forecaster(Spec(model, seasonality), TimeSpan.Zero, TimeSpan.Zero);
        for (var i = 0; i < observed.Length; i++)
        {
            if (i >= 60 * 7)
            {
                // One step ahead of the newest sample: the horizon [now, now] with now = newest + 1 step.
                var signal = forecaster.Predict(T0 + i * Step);
                Assert.Equal(ForecastStatus.Ready, signal.Status);
                errors.Add(Math.Abs(signal.Value!.Value - Seasonal(i)) / Seasonal(i));
            }

            forecaster.Observe(T0 + i * Step, observed[i]);
        }

        Assert.True(errors.Average() < 0.02, $"mean error {errors.Average():P2}");
    }

    [Theory]
    [InlineData(ForecastModelKind.HoltWinters, Seasonality.Additive)]
    [InlineData(ForecastModelKind.HoltWinters, Seasonality.Multiplicative)]
    [InlineData(ForecastModelKind.SeasonalNaive, Seasonality.Additive)]
    public void Predict_ConstantSeries_ReturnsTheConstant(ForecastModelKind model, Seasonality seasonality)
    {
        var forecaster = Feed(new Forecaster(Spec(model, seasonality), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15)), 60 * 3, _ => 42.0);

        var signal = forecaster.Predict(T0 + 60 * 3 * Step);

        Assert.Equal(ForecastStatus.Ready, signal.Status);
        Assert.Equal(42.0, signal.Value!.Value, 6);
    }

    [Theory]
    [InlineData(ForecastModelKind.HoltWinters, 119)]
    [InlineData(ForecastModelKind.SeasonalNaive, 74)]
    public void Predict_TooLittleHistory_NotReady(ForecastModelKind model, int samples)
    {
        // Holt-Winters needs two seasons (120 samples); seasonal naive one season plus a quarter (75).
        var forecaster = Feed(new Forecaster(Spec(model), TimeSpan.Zero, TimeSpan.FromSeconds(15)), samples, Seasonal);

        var signal = forecaster.Predict(T0 + samples * Step);

        Assert.Equal(ForecastStatus.NotReady, signal.Status);
        Assert.Null(signal.Value);
        Feed(forecaster, samples + 1, Seasonal); // older samples are ignored, so this adds exactly one
        forecaster.Observe(T0 + samples * Step, Seasonal(samples));
        Assert.Equal(ForecastStatus.Ready, forecaster.Predict(T0 + (samples + 1) * Step).Status);
    }

    [Fact]
    public void Predict_RecentErrorAboveMaxError_Untrusted()
    {
        var forecaster = Feed(new Forecaster(Spec(ForecastModelKind.SeasonalNaive, maxError: 0.25), TimeSpan.Zero, TimeSpan.Zero), 60 * 3, Seasonal);
        Assert.Equal(ForecastStatus.Ready, forecaster.Predict(T0 + 60 * 3 * Step).Status);

        // The series turns bursty: each forecast emitted is scored against a value far from it.
        for (var i = 60 * 3; i < 60 * 3 + 20; i++)
        {
            forecaster.Predict(T0 + i * Step);
            forecaster.Observe(T0 + i * Step, Bursty(i));
        }

        var signal = forecaster.Predict(T0 + (60 * 3 + 20) * Step);

        Assert.Equal(ForecastStatus.Untrusted, signal.Status);
        Assert.True(signal.RecentError > 0.25, $"error {signal.RecentError}");
        Assert.NotNull(signal.Value);
    }

    [Fact]
    public void Predict_GatingDisabled_ReadyWithTheErrorReported()
    {
        var forecaster = Feed(new Forecaster(Spec(ForecastModelKind.SeasonalNaive), TimeSpan.Zero, TimeSpan.Zero, gating: false), 60 * 3, Seasonal);
        for (var i = 60 * 3; i < 60 * 3 + 20; i++)
        {
            forecaster.Predict(T0 + i * Step);
            forecaster.Observe(T0 + i * Step, Bursty(i));
        }

        var signal = forecaster.Predict(T0 + (60 * 3 + 20) * Step);

        Assert.Equal(ForecastStatus.Ready, signal.Status);
        Assert.True(signal.RecentError > 0.25);
    }

    [Fact]
    public void Predict_Horizon_LargestForecastOverStartupToStartupPlusIntervalTimesHeadroom()
    {
        // Seasonal naive on an exactly periodic series forecasts the value one season ago; the peak of the
        // pattern (160 at phases 40..44 plus the sine) must be caught when it is inside the horizon.
        var spec = Spec(ForecastModelKind.SeasonalNaive, headroom: 0.10);
        var forecaster = Feed(new Forecaster(spec, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), 60 * 3 + 35, Seasonal);
        var newest = T0 + (60 * 3 + 34) * Step; // phase 34
        var now = newest + TimeSpan.FromSeconds(30); // the newest sample is 30s old

        var signal = forecaster.Predict(now);

        // [now + 3m, now + 5m] = phases 37.5 .. 39.5, bracketed by samples 37..40; phase 40 starts the peak.
        var expected = Enumerable.Range(37, 4).Max(p => Seasonal(p)) * 1.10;
        Assert.Equal(expected, signal.Value!.Value, 6);
    }

    [Fact]
    public void Observe_ManySeasons_RefitsAtMostOncePerSeason()
    {
        var forecaster = Feed(new Forecaster(Spec(ForecastModelKind.HoltWinters), TimeSpan.Zero, TimeSpan.FromSeconds(15)), 60 * 10, Seasonal);

        // First fit at 120 samples, then at most one per 60 samples: 1 + (600 - 120) / 60 = 9.
        Assert.Equal(9, forecaster.FitCount);
    }

    [Fact]
    public void Predict_NewestSampleMissing_InputInvalid()
    {
        var forecaster = Feed(new Forecaster(Spec(ForecastModelKind.HoltWinters), TimeSpan.Zero, TimeSpan.FromSeconds(15)), 60 * 3, Seasonal);
        forecaster.Observe(T0 + 60 * 3 * Step, null);

        Assert.Equal(ForecastStatus.InputInvalid, forecaster.Predict(T0 + 60 * 3 * Step).Status);
    }
}
