using System.Text.Json;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class CalibratedSizerBandAndHoldTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static SizingSpec Sizing() => new(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24));

    /// <summary>
    /// One candidate (no hold), lag 0, startup 0, interval 1m: the rise of u is max(reading(u), reading(u + 1m)) - reading(u).
    /// Half a day quiet (0.5 and 0.7 alternating, R &lt; 1), half a day busy (16 and 24 alternating, band 16..32), twice.
    /// Quiet rises are 0.2 or 0, busy ones (24 - 16) / sqrt(16) = 2 or 0; the one quiet-to-busy step a day is below 1%.
    /// </summary>
    private static CalibratedSizer TwoRegimes(out DateTimeOffset last)
    {
        var sizer = new CalibratedSizer("rps", Sizing(), 1, TimeSpan.Zero, Minute, TimeSpan.Zero, [TimeSpan.Zero]);
        var minutes = 2 * 1440;
        for (var i = 0; i < minutes; i++)
        {
            var busy = i / 720 % 2 == 1;
            sizer.Observe(Start + (i * Minute), busy ? (i % 2 == 0 ? 16 : 24) : (i % 2 == 0 ? 0.5 : 0.7));
        }

        last = Start + ((minutes - 1) * Minute);
        return sizer;
    }

    [Fact]
    public void BetaAt_QuietAndBusyBands_EachTakesItsOwnQuantile()
    {
        var sizer = TwoRegimes(out _);

        Assert.True(sizer.IsReady);
        Assert.InRange(sizer.BetaOf(0), 2 - 1e-6, 2 + 1e-6);           // pooled: the busy half's margin
        Assert.InRange(sizer.BetaAt(0, 0.6), 0.2 - 1e-6, 0.2 + 1e-6);  // quiet band: its own, ten times smaller
        Assert.InRange(sizer.BetaAt(0, 20), 2 - 1e-6, 2 + 1e-6);       // busy band
        Assert.True(sizer.SamplesIn(0, LoadBand.Of(0.6)) >= 700, $"{sizer.SamplesIn(0, LoadBand.Of(0.6))} quiet rises");
    }

    [Fact]
    public void BetaAt_BandsSwitchedOff_EveryLoadTakesThePooledQuantile()
    {
        var sizer = new CalibratedSizer("rps", Sizing() with { LoadBands = false }, 1, TimeSpan.Zero, Minute, TimeSpan.Zero, [TimeSpan.Zero]);
        for (var i = 0; i < 2 * 1440; i++)
        {
            var busy = i / 720 % 2 == 1;
            sizer.Observe(Start + (i * Minute), busy ? (i % 2 == 0 ? 16 : 24) : (i % 2 == 0 ? 0.5 : 0.7));
        }

        // With bands the quiet load takes 0.2 and the busy one 2 (test above); without, both take the pooled quantile.
        Assert.Equal(sizer.BetaOf(0), sizer.BetaAt(0, 0.6));
        Assert.Equal(sizer.BetaOf(0), sizer.BetaAt(0, 20));
        Assert.InRange(sizer.BetaOf(0), 2 - 1e-9, 2 + 1e-9);
    }

    [Fact]
    public void BetaAt_BandWithTooFewRises_UsesThePooledQuantile()
    {
        var sizer = TwoRegimes(out _);

        Assert.Equal(0, sizer.SamplesIn(0, LoadBand.Of(100)));
        Assert.Equal(sizer.BetaOf(0), sizer.BetaAt(0, 100));
    }

    [Fact]
    public void Propose_InTheQuietBand_ExplainsTheBandItsBetaAndSamples()
    {
        var sizer = TwoRegimes(out var last);
        var quiet = last + Minute;
        sizer.Observe(quiet, 0.7);

        var proposal = sizer.Propose(quiet);

        Assert.Equal("R < 1", proposal.Band);
        Assert.True(proposal.BandBeta);
        Assert.InRange(proposal.Beta, 0.2 - 1e-6, 0.2 + 1e-6);
        Assert.Equal(sizer.SamplesIn(0, 0), proposal.BandSamples);
        Assert.Equal(1, proposal.Replicas); // ceil(0.7 + 0.2); the pooled beta 2 would ask for 3
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.99, 0)]
    [InlineData(1.0, 1)]
    [InlineData(1.99, 1)]
    [InlineData(2.0, 2)]
    [InlineData(31.9, 5)]
    [InlineData(1e12, LoadBand.Count - 1)]
    [InlineData(double.NaN, 0)]
    public void Of_Load_FallsInItsPowerOfTwoBand(double load, int band) => Assert.Equal(band, LoadBand.Of(load));

    /// <summary>
    /// Startup 90s, ticks of 15s, signal lag 30s: 10 replicas of load for a day (no rise: beta 0), then the load halves.
    /// The burst rule is off: with beta 0 it would carry every rise forward, and these tests are about the hold.
    /// </summary>
    private static (CalibratedSizer Sizer, DateTimeOffset Drop) SteadyThenHalved()
    {
        var tick = TimeSpan.FromSeconds(15);
        var sizer = new CalibratedSizer("rps", Sizing() with { Burst = false }, 1, TimeSpan.FromSeconds(90), tick, TimeSpan.FromSeconds(30), [TimeSpan.Zero]);
        var drop = Start + TimeSpan.FromDays(1);
        for (var t = Start; t < drop; t += tick)
        {
            sizer.Observe(t, 10);
            sizer.Propose(t);
        }

        return (sizer, drop);
    }

    [Fact]
    public void Propose_LoadFalls_CountFallsOnlyAfterTheLowerCountHeldForTheReAddHorizon()
    {
        var (sizer, drop) = SteadyThenHalved();
        var tick = TimeSpan.FromSeconds(15);
        var counts = new List<(TimeSpan After, int Replicas, int? Sized)>();
        for (var t = drop; t <= drop + TimeSpan.FromMinutes(3); t += tick)
        {
            sizer.Observe(t, 5);
            var p = sizer.Propose(t);
            counts.Add((t - drop, p.Replicas, p.Sized));
        }

        // Re-add horizon = lag 30s + startup 90s + interval 15s = 135s; the last 10 was proposed 15s before the
        // drop: it holds until it is 135s old, i.e. 120s after the drop (startup alone would have let it go at 75s).
        Assert.Equal(TimeSpan.FromSeconds(135), sizer.ScaleDownHold);
        Assert.All(counts, c => Assert.Equal(5, c.Sized));
        Assert.All(counts.Where(c => c.After < TimeSpan.FromSeconds(120)), c => Assert.Equal(10, c.Replicas));
        Assert.All(counts.Where(c => c.After >= TimeSpan.FromSeconds(120)), c => Assert.Equal(5, c.Replicas));
    }

    [Fact]
    public void Propose_LoadDipsShorterThanTheHold_NeverScalesDown()
    {
        var (sizer, drop) = SteadyThenHalved();
        var tick = TimeSpan.FromSeconds(15);
        var proposed = new List<int>();
        // Dips to 5 lasting 105s (longer than startup, shorter than the re-add horizon), then 10 again for 15s.
        for (var t = drop; t < drop + TimeSpan.FromMinutes(10); t += tick)
        {
            var phase = (t - drop).Ticks % TimeSpan.FromSeconds(120).Ticks;
            sizer.Observe(t, phase < TimeSpan.FromSeconds(105).Ticks ? 5 : 10);
            proposed.Add(sizer.Propose(t).Replicas);
        }

        Assert.All(proposed, r => Assert.Equal(10, r));
    }

    [Fact]
    public void Propose_LoadRisesDuringTheHold_ScalesUpAtOnce()
    {
        var (sizer, drop) = SteadyThenHalved();
        sizer.Observe(drop, 5);
        sizer.Propose(drop);
        var rise = drop + TimeSpan.FromSeconds(15);
        sizer.Observe(rise, 30);

        Assert.Equal(30, sizer.Propose(rise).Replicas);
    }

    [Fact]
    public void Restore_DuringTheHold_KeepsHoldingTheHigherCount()
    {
        var (sizer, drop) = SteadyThenHalved();
        sizer.Observe(drop, 5);
        sizer.Propose(drop);
        var json = JsonSerializer.Serialize(sizer.Export());
        var restored = new CalibratedSizer("rps", Sizing() with { Burst = false }, 1, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), [TimeSpan.Zero]);
        Assert.True(restored.Restore(JsonSerializer.Deserialize<CalibrationState>(json)!));

        var next = drop + TimeSpan.FromSeconds(15);
        restored.Observe(next, 5);

        Assert.Equal(10, restored.Propose(next).Replicas);
    }
}
