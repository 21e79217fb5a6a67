using System.Text.Json;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class SamplePeriodTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>A 5-minute sample k, varied so that every sample changes the line.</summary>
    private static double Sample(long k) => 10 + (k % 3) + (k % 7 * 0.5);

    /// <summary>The 5-minute samples linearly interpolated (the backtest's demand), averaged over the 60s before t.</summary>
    private static double InterpolatedMean(DateTimeOffset t)
    {
        double At(double seconds)
        {
            var k = (long)Math.Floor(seconds / 300);
            var f = (seconds - (k * 300)) / 300;
            return Sample(k) + ((Sample(k + 1) - Sample(k)) * f);
        }

        var end = (t - Start).TotalSeconds;
        var sum = 0.0;
        for (var i = 0; i < 60; i++)
        {
            sum += At(end - 60 + i + 0.5); // exact for a linear piece, so straight stretches stay straight
        }

        return sum / 60;
    }

    [Fact]
    public void Period_FiveMinuteSamplesReadEvery15sThroughARateWindow_IsFiveMinutes()
    {
        var period = new SamplePeriod();
        for (var t = Start + TimeSpan.FromMinutes(10); t < Start + TimeSpan.FromHours(3); t += Tick)
        {
            period.Observe(t, InterpolatedMean(t));
        }

        Assert.True(FiveMinutes == period.Period, string.Join(",", period.Export().Spacings));
    }

    [Fact]
    public void Period_HeldFiveMinuteValues_IsFiveMinutes()
    {
        var period = new SamplePeriod();
        for (var t = Start; t < Start + TimeSpan.FromHours(2); t += Tick)
        {
            period.Observe(t, Sample((t - Start).Ticks / FiveMinutes.Ticks));
        }

        Assert.Equal(FiveMinutes, period.Period);
    }

    [Fact]
    public void Period_EveryReadingNew_IsZero()
    {
        var period = new SamplePeriod();
        for (var i = 0; i < 2000; i++)
        {
            period.Observe(Start + (i * Tick), 50 + (20 * Math.Sin(i * 0.37)) + (i % 5));
        }

        Assert.Equal(TimeSpan.Zero, period.Period);
    }

    [Fact]
    public void Period_SampleEqualToTheLine_CountsAsAMultipleAndTheSmallestSpacingWins()
    {
        var period = new SamplePeriod();
        // Held values: 10, 12, 12, 15, 15, 15, 11, ... : some samples repeat the previous one (no arrival), so the
        // spacings are 5, 10 and 15 minutes; the period is the smallest.
        double[] samples = [10, 12, 12, 15, 15, 15, 11, 13, 13, 9];
        for (var t = Start; t < Start + (samples.Length * FiveMinutes); t += Tick)
        {
            period.Observe(t, samples[(t - Start).Ticks / FiveMinutes.Ticks]);
        }

        Assert.Equal(FiveMinutes, period.Period);
    }

    [Fact]
    public void Period_GapOfInvalidReadings_IsNotTakenForAPeriod()
    {
        var period = new SamplePeriod();
        period.Observe(Start, 10);
        period.Observe(Start + Tick, 10);
        period.Observe(Start + (2 * Tick), 20);          // an arrival
        period.Observe(Start + (3 * Tick), null);        // invalid: the line and the last arrival are forgotten
        period.Observe(Start + TimeSpan.FromHours(1), 20);
        period.Observe(Start + TimeSpan.FromHours(1) + Tick, 20);
        period.Observe(Start + TimeSpan.FromHours(1) + (2 * Tick), 30);

        Assert.Equal(TimeSpan.Zero, period.Period);
    }

    [Fact]
    public void Restore_Exported_GivesTheSamePeriodAndGoesOnAlike()
    {
        var period = new SamplePeriod();
        var t = Start;
        for (; t < Start + TimeSpan.FromHours(1); t += Tick)
        {
            period.Observe(t, Sample((t - Start).Ticks / FiveMinutes.Ticks));
        }

        var json = JsonSerializer.Serialize(period.Export());
        var restored = new SamplePeriod();
        restored.Restore(JsonSerializer.Deserialize<SampleSpacingState>(json)!);
        Assert.Equal(period.Period, restored.Period);
        for (; t < Start + TimeSpan.FromHours(2); t += Tick)
        {
            var v = Sample((t - Start).Ticks / FiveMinutes.Ticks);
            period.Observe(t, v);
            restored.Observe(t, v);
            Assert.Equal(period.Period, restored.Period);
        }

        Assert.Equal(period.Export().Spacings, restored.Export().Spacings);
    }

    /// <summary>
    /// Calibrated sizer, startup 90s, ticks of 15s, lag 30s (re-add horizon 135s): a day of 5-minute samples held (10
    /// and 11 alternating), then one sample at 5 replicas of load and 11 again.
    /// </summary>
    [Fact]
    public void Propose_OneCoarseSampleLow_HeldThroughTheDipByTheSamplePeriod()
    {
        var sizing = new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24));
        var sizer = new CalibratedSizer("rps", sizing, 1, TimeSpan.FromSeconds(90), Tick, TimeSpan.FromSeconds(30), [TimeSpan.Zero]);
        var dip = Start + TimeSpan.FromDays(1);
        var before = 0;
        for (var t = Start; t < dip; t += Tick)
        {
            sizer.Observe(t, (t - Start).Ticks / FiveMinutes.Ticks % 2 == 0 ? 10 : 11);
            before = sizer.Propose(t).Replicas;
        }

        var during = new List<int>();
        for (var t = dip; t < dip + (2 * FiveMinutes); t += Tick)
        {
            sizer.Observe(t, t < dip + FiveMinutes ? 5 : 11);
            during.Add(sizer.Propose(t).Replicas);
        }

        // The horizon alone (135s) would let the count fall 120s into the 300s dip; with the period observed the hold
        // is 135s + 300s, longer than one sample, so a single low sample never removes a replica.
        Assert.Equal(FiveMinutes, sizer.SamplePeriod);
        Assert.Equal(TimeSpan.FromSeconds(435), sizer.ScaleDownHold);
        Assert.All(during, r => Assert.True(r >= before, $"{r} < {before}"));
    }

    [Fact]
    public void Propose_EveryReadingNew_HoldIsTheReAddHorizonAlone()
    {
        var sizing = new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24));
        var sizer = new CalibratedSizer("rps", sizing, 1, TimeSpan.FromSeconds(90), Tick, TimeSpan.FromSeconds(30), [TimeSpan.Zero]);
        for (var i = 0; i < 400; i++)
        {
            var t = Start + (i * Tick);
            sizer.Observe(t, 10 + (3 * Math.Sin(i * 0.37)));
            sizer.Propose(t);
        }

        Assert.Equal(TimeSpan.Zero, sizer.SamplePeriod);
        Assert.Equal(TimeSpan.FromSeconds(135), sizer.ScaleDownHold);
    }
}
