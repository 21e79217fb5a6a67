using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

/// <summary>What a calibrated policy's window holds: a size check, not a timing one.</summary>
public sealed class CalibratedSizerMemoryTests
{
    private const int DaySlots = 1442; // 24h of one-minute rises and the ring's two spare slots

    [Fact]
    public void AllocatedBytes_FullCandidateWindow_SixteenBytesASlot()
    {
        var window = new CandidateWindow(0.99, DaySlots);
        for (var slot = 0; slot < DaySlots; slot++)
        {
            window.Append(slot, slot % 13, slot % 40, slot % 300, slot % 2 == 0);
        }

        // value 8, order 2, band 1, load 4, added 1, and one bit of coverage rounded up to whole 64-bit words
        Assert.Equal((16L * DaySlots) + (((DaySlots + 63) / 64) * 8), window.AllocatedBytes);
    }

    [Fact]
    public void WindowBytes_FullDayWithFiveHolds_UnderEightyNineBytesAnInstant()
    {
        var sizer = new CalibratedSizer("rps", new SizingSpec(SizingMode.Calibrated, Percentage.FromPercent(99), TimeSpan.FromHours(24)), 10, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < 25 * 60; minute++)
        {
            sizer.Observe(start.AddMinutes(minute), 100 + ((minute * 37) % 50));
        }

        Assert.InRange(sizer.Samples, 1400, DaySlots - 1);
        // Five candidates at 16 bytes a rise and the instant's time (8): 88 bytes, plus the coverage bits' rounding;
        // the two-heap windows before held 50 to 70 bytes a rise per candidate (about 300 to 450 KB a policy).
        Assert.InRange(sizer.WindowBytes, 88L * DaySlots, 89L * DaySlots);
    }
}
