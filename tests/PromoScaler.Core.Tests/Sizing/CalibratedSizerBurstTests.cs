using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class CalibratedSizerBurstTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Lag 0, startup 0, interval 1m (re-add horizon 1m), no hold: a day of 10 and 11 alternating each minute, so the
    /// rises are 1 / sqrt(10) or 0 and beta is 0.316; the last reading fed is 11.
    /// </summary>
    private static CalibratedSizer Alternating(out DateTimeOffset next)
    {
        var sizer = new CalibratedSizer("rps", new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24)), 1, TimeSpan.Zero, Minute, TimeSpan.Zero, [TimeSpan.Zero]);
        var t = Start;
        for (var i = 0; i < 1440; i++, t += Minute)
        {
            sizer.Observe(t, i % 2 == 0 ? 10 : 11);
        }

        next = t;
        return sizer;
    }

    [Fact]
    public void Propose_UsualRiseWithinTheMargin_AddsNothing()
    {
        var sizer = Alternating(out var next);
        sizer.Observe(next, 12);

        var proposal = sizer.Propose(next);

        // Rise 1 from the lowest reading of the last minute (11); margin 0.316 x sqrt(12) = 1.10.
        Assert.InRange(proposal.Beta, 0.316, 0.317);
        Assert.Equal(0, proposal.BurstGrowth);
        Assert.Equal(14, proposal.Replicas); // ceil(12 + 1.10)
    }

    [Fact]
    public void Propose_RiseBeyondTheMargin_IsCarriedForwardAsFarAgain()
    {
        var sizer = Alternating(out var next);
        sizer.Observe(next, 20);

        var proposal = sizer.Propose(next);

        // Rise 9 from 11, beyond the margin 0.316 x sqrt(20) = 1.41: R + 9 = 29, plus 0.316 x sqrt(29) = 1.70.
        Assert.Equal(9, proposal.BurstGrowth, 9);
        Assert.Equal(31, proposal.Replicas);
    }

    [Fact]
    public void Propose_BurstRuleOff_SameRiseAddsNothing()
    {
        var sizer = new CalibratedSizer("rps", new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24)) { Burst = false }, 1, TimeSpan.Zero, Minute, TimeSpan.Zero, [TimeSpan.Zero]);
        var t = Start;
        for (var i = 0; i < 1440; i++, t += Minute)
        {
            sizer.Observe(t, i % 2 == 0 ? 10 : 11);
        }

        sizer.Observe(t, 20);

        var proposal = sizer.Propose(t);

        Assert.Equal(0, proposal.BurstGrowth);
        Assert.Equal(22, proposal.Replicas); // ceil(20 + 0.316 x sqrt(20))
    }
}
