using PromoScaler.Core.Runtime;

namespace PromoScaler.Core.Tests.Runtime;

public class CadenceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 4)]    // 12:00:00 -> 12:00:04
    [InlineData(3, 4)]    // 12:00:03 -> 12:00:04
    [InlineData(4, 19)]   // on a slot: strictly after it
    [InlineData(18, 19)]
    [InlineData(50, 64)]  // 12:00:50 -> 12:01:04
    public void SlotAfter_NextSlotOfThePhaseGridStrictlyAfter(int seconds, int expected)
    {
        var slot = Cadence.SlotAfter(Noon + TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(4), Interval);

        Assert.Equal(Noon + TimeSpan.FromSeconds(expected), slot);
    }

    [Fact]
    public void PhaseOf_SameNameSameInterval_SamePhase_OtherNamesElsewhere()
    {
        Assert.Equal(Cadence.PhaseOf("checkout", Interval), Cadence.PhaseOf("checkout", Interval));
        Assert.NotEqual(Cadence.PhaseOf("checkout", Interval), Cadence.PhaseOf("search", Interval));
        Assert.InRange(Cadence.PhaseOf("checkout", Interval), TimeSpan.Zero, Interval - TimeSpan.FromTicks(1));
    }
}
