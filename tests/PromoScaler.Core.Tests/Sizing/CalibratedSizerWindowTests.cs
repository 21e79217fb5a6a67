using System.Text.Json;
using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class CalibratedSizerWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>A daily sale at 12:00 UTC, floor 10, no lead, held 20 minutes.</summary>
    private static readonly PrewarmWindow Sale = new(
        "sale", null, CronSchedule.TryParse("0 12 * * *", TimeZoneInfo.Utc, out _), TimeSpan.Zero, 10, null, TimeSpan.FromMinutes(20), TimeSpan.Zero);

    private static CalibratedSizer Sizer(IReadOnlyList<PrewarmWindow>? prewarms, bool burst = true) =>
        new("rps", new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24)) { Burst = burst }, 1, TimeSpan.Zero, Minute, TimeSpan.Zero, [TimeSpan.Zero], prewarms);

    /// <summary>
    /// Ordinary minutes alternate 10 and 11 (rise 1 / sqrt(10) = 0.32); inside the sale they alternate 10 and 20 (rise
    /// 10 / sqrt(10) = 3.16), ten such rises a day: below 1% of the band's rises, so the band's beta stays 0.32.
    /// Fed from day 0 00:00 to day 1 12:00, the instant the second sale opens.
    /// </summary>
    private static (CalibratedSizer Sizer, DateTimeOffset Opening) TwoSales(IReadOnlyList<PrewarmWindow>? prewarms)
    {
        var sizer = Sizer(prewarms);
        var opening = Start + TimeSpan.FromHours(36);
        for (var t = Start; t <= opening; t += Minute)
        {
            var inSale = t.TimeOfDay >= TimeSpan.FromHours(12) && t.TimeOfDay < TimeSpan.FromHours(12) + TimeSpan.FromMinutes(20);
            var odd = (int)((t - Start) / Minute) % 2 == 1;
            sizer.Observe(t, odd ? (inSale ? 20 : 11) : 10);
        }

        return (sizer, opening);
    }

    [Fact]
    public void Propose_InsideASale_TakesTheMarginOfPastSalesRises()
    {
        var (sizer, opening) = TwoSales([Sale]);

        var proposal = sizer.Propose(opening);

        Assert.Equal("sale", proposal.Window);
        Assert.Equal(20, proposal.WindowSamples);                                   // the first sale's 20 minutes
        Assert.InRange(proposal.BandBetaValue, 0.316 - 1e-3, 0.316 + 1e-3);        // ordinary rises of its band
        Assert.InRange(proposal.Beta, (10 / Math.Sqrt(10)) - 1e-6, (10 / Math.Sqrt(10)) + 1e-6); // the sale's
        Assert.Equal(20, proposal.Replicas);                                       // ceil(10 + 3.16 x sqrt(10)): the sale's next rise is carried
        var learned = Assert.Single(sizer.Windows);
        Assert.Equal(("sale", 1, 20), (learned.Window, learned.Occurrences, learned.Samples));
        Assert.InRange(learned.LargestRise, (10 / Math.Sqrt(10)) - 1e-6, (10 / Math.Sqrt(10)) + 1e-6);
    }

    [Fact]
    public void Propose_FirstSaleRisingBeforeAnySpanHasPassed_TakesTheRiseSoFar()
    {
        // Ordinary minutes (10 and 11) until the first sale opens at 12:00 with 10; 30s later the signal reads 20.
        var sizer = Sizer([Sale]);
        var opening = Start + TimeSpan.FromHours(12);
        for (var t = Start; t <= opening; t += Minute)
        {
            sizer.Observe(t, (int)((t - Start) / Minute) % 2 == 1 ? 11 : 10);
        }

        var now = opening + TimeSpan.FromSeconds(30);
        sizer.Observe(now, 20);
        var proposal = sizer.Propose(now);

        // No window has been measured yet (the span of 12:00 ends at 12:01), but the rise so far of the instant 12:00,
        // (20 - 10) / sqrt(10) = 3.16, is a lower bound of its rise: it is the in-window beta at once.
        Assert.Empty(sizer.Windows);
        Assert.Equal("sale", proposal.Window);
        Assert.InRange(proposal.WindowBeta!.Value, (10 / Math.Sqrt(10)) - 1e-6, (10 / Math.Sqrt(10)) + 1e-6);
        // The window's trend adds the rise over the last minute, 20 - 11 = 9: ceil(29 + 3.16 x sqrt(29)).
        Assert.Equal(9, proposal.WindowGrowth, 9);
        Assert.Equal(47, proposal.Replicas);
    }

    [Fact]
    public void Propose_OutsideTheSale_KeepsTheOrdinaryMargin()
    {
        var (sizer, opening) = TwoSales([Sale]);
        var before = opening + Minute;
        var after = opening + TimeSpan.FromMinutes(30);
        for (var t = before; t <= after; t += Minute)
        {
            sizer.Observe(t, 10);
        }

        var proposal = sizer.Propose(after);

        Assert.Null(proposal.Window);
        Assert.InRange(proposal.Beta, 0.316 - 1e-3, 0.316 + 1e-3);
        Assert.Equal(11, proposal.Replicas);
    }

    [Fact]
    public void Propose_PolicyWithoutWindows_LearnsNothingInWindow()
    {
        var (sizer, opening) = TwoSales(null);

        var proposal = sizer.Propose(opening);

        Assert.Null(proposal.Window);
        Assert.Empty(sizer.Windows);
        Assert.Equal(11, proposal.Replicas);
    }

    /// <summary>Steady 10 for a day and a half (every rise 0, beta 0), then 14 at the instant the second sale opens.</summary>
    private static CalibratedSizer SteadyThenRisingAtOpening(IReadOnlyList<PrewarmWindow>? prewarms, out DateTimeOffset opening, bool burst = true)
    {
        var sizer = Sizer(prewarms, burst);
        opening = Start + TimeSpan.FromHours(36);
        for (var t = Start; t < opening; t += Minute)
        {
            sizer.Observe(t, 10);
        }

        sizer.Observe(opening, 14);
        return sizer;
    }

    [Fact]
    public void Propose_RisingInsideASale_AddsTheGrowthOverTheReAddHorizon()
    {
        var sizer = SteadyThenRisingAtOpening([Sale], out var opening);

        var proposal = sizer.Propose(opening);

        // The signal rose 4 over the last minute (lag 0 + startup 0 + interval 1m): 4 more for the next minute.
        Assert.Equal("sale", proposal.Window);
        Assert.Equal(4, proposal.WindowGrowth, 9);
        Assert.Equal(Minute, proposal.GrowthHorizon);
        Assert.Equal(18, proposal.Replicas);
    }

    [Fact]
    public void Propose_SameRiseOutsideAnyWindow_AddsNoWindowGrowthOnlyTheBurstRule()
    {
        var sizer = SteadyThenRisingAtOpening(null, out var opening);

        var proposal = sizer.Propose(opening);

        // The rise of 4 is beyond the margin (beta 0): the burst rule carries it forward, the window's trend is not in play.
        Assert.Equal(0, proposal.WindowGrowth);
        Assert.Equal(4, proposal.BurstGrowth, 9);
        Assert.Equal(18, proposal.Replicas);
    }

    [Fact]
    public void Propose_SameRiseOutsideAnyWindowWithoutTheBurstRule_AddsNoGrowth()
    {
        var sizer = SteadyThenRisingAtOpening(null, out var opening, burst: false);

        var proposal = sizer.Propose(opening);

        Assert.Equal(0, proposal.WindowGrowth);
        Assert.Equal(0, proposal.BurstGrowth);
        Assert.Equal(14, proposal.Replicas);
    }

    [Fact]
    public void Propose_FallingInsideASale_AddsNoGrowth()
    {
        var sizer = Sizer([Sale]);
        var opening = Start + TimeSpan.FromHours(36);
        for (var t = Start; t < opening; t += Minute)
        {
            sizer.Observe(t, 10);
        }

        sizer.Observe(opening, 6);

        var proposal = sizer.Propose(opening);

        Assert.Equal(0, proposal.WindowGrowth);
        Assert.Equal(6, proposal.Replicas);
    }

    [Fact]
    public void Restore_JsonRoundTrip_KeepsWhatWasLearnedInWindows()
    {
        var (sizer, opening) = TwoSales([Sale]);
        var restored = Sizer([Sale]);

        Assert.True(restored.Restore(JsonSerializer.Deserialize<CalibrationState>(JsonSerializer.Serialize(sizer.Export()))!));

        Assert.Equal(sizer.Windows, restored.Windows);
        restored.Observe(opening + Minute, 11);
        sizer.Observe(opening + Minute, 11);
        Assert.Equal(sizer.Propose(opening + Minute), restored.Propose(opening + Minute));
    }
}
