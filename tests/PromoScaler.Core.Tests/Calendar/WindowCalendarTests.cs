using PromoScaler.Core.Calendar;
using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Tests.Calendar;

public sealed class WindowCalendarTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-10T16:00:00Z");

    private static PrewarmWindow OneOff() => new(
        "double-11", Start, null, TimeSpan.FromMinutes(30), 120, null, TimeSpan.FromHours(2), TimeSpan.FromHours(1));

    private static CronSchedule Cron(string text, string zone = "UTC") =>
        CronSchedule.TryParse(text, TimeZoneInfo.FindSystemTimeZoneById(zone), out var error) ?? throw new InvalidOperationException(error);

    [Theory]
    [InlineData("2026-11-10T15:29:59Z", false)]
    [InlineData("2026-11-10T15:30:00Z", true)]
    [InlineData("2026-11-10T18:59:59Z", true)]
    [InlineData("2026-11-10T19:00:00Z", false)]
    public void ActivePrewarms_OneOff_ActiveOnHalfOpenRange(string at, bool active)
    {
        var occurrences = WindowCalendar.ActivePrewarms(OneOff(), DateTimeOffset.Parse(at)).ToList();

        Assert.Equal(active ? 1 : 0, occurrences.Count);
    }

    [Theory]
    [InlineData("2026-11-10T15:30:00Z", 1.0)]
    [InlineData("2026-11-10T17:59:59Z", 1.0)]
    [InlineData("2026-11-10T18:00:00Z", 1.0)]
    [InlineData("2026-11-10T18:30:00Z", 0.5)]
    [InlineData("2026-11-10T18:45:00Z", 0.25)]
    [InlineData("2026-11-10T19:00:00Z", 0.0)]
    public void FloorShareAt_HoldThenLinearRamp(string at, double share)
    {
        var occurrence = new PrewarmOccurrence(OneOff(), Start);

        Assert.Equal(share, occurrence.FloorShareAt(DateTimeOffset.Parse(at)), 9);
    }

    [Fact]
    public void ActivePrewarms_OverlappingCronOccurrences_ReturnsBothEarliestFirst()
    {
        // Hourly starts, 30m lead, 90m hold: at 10:45 the 10:00 occurrence holds and the 11:00 one has begun its lead;
        // the 09:00 one ended at 10:30.
        var window = new PrewarmWindow("hourly", null, Cron("0 * * * *"), TimeSpan.FromMinutes(30), 10, null, TimeSpan.FromMinutes(90), TimeSpan.Zero);

        var starts = WindowCalendar.ActivePrewarms(window, DateTimeOffset.Parse("2026-11-25T10:45:00Z")).Select(o => o.Start).ToList();

        Assert.Equal([DateTimeOffset.Parse("2026-11-25T10:00:00Z"), DateTimeOffset.Parse("2026-11-25T11:00:00Z")], starts);
    }

    [Fact]
    public void PrewarmEdges_OneOff_ReturnsFourEdgesInsideRangeOnly()
    {
        var edges = WindowCalendar.PrewarmEdges([OneOff()], DateTimeOffset.Parse("2026-11-10T16:00:00Z"), DateTimeOffset.Parse("2026-11-11T00:00:00Z"));

        Assert.Equal(
            [DateTimeOffset.Parse("2026-11-10T16:00:00Z"), DateTimeOffset.Parse("2026-11-10T18:00:00Z"), DateTimeOffset.Parse("2026-11-10T19:00:00Z")],
            edges);
    }

    [Fact]
    public void NextPrewarms_SkippedLocalHour_StartsAtFirstInstantAfterTheJump()
    {
        // America/New_York springs forward at 02:00 on 2026-03-08: 02:30 does not exist, so it runs at 03:00 EDT (07:00Z).
        var window = new PrewarmWindow("nightly", null, Cron("30 2 * * *", "America/New_York"), TimeSpan.FromMinutes(10), 5, null, TimeSpan.FromMinutes(5), TimeSpan.Zero);

        var starts = WindowCalendar.NextPrewarms(window, DateTimeOffset.Parse("2026-03-07T12:00:00Z"), 3).Select(o => o.Start).ToList();

        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-08T07:00:00Z"), DateTimeOffset.Parse("2026-03-09T06:30:00Z"), DateTimeOffset.Parse("2026-03-10T06:30:00Z")],
            starts);
    }

    [Fact]
    public void ActiveFreeze_CronWithDuration_ActiveFromStartUntilDuration()
    {
        var freeze = new FreezeWindow(null, null, Cron("0 20 * * *", "Asia/Shanghai"), TimeSpan.FromHours(2));

        Assert.Null(WindowCalendar.ActiveFreeze(freeze, DateTimeOffset.Parse("2026-11-25T11:59:59Z")));
        Assert.NotNull(WindowCalendar.ActiveFreeze(freeze, DateTimeOffset.Parse("2026-11-25T12:00:00Z")));
        Assert.NotNull(WindowCalendar.ActiveFreeze(freeze, DateTimeOffset.Parse("2026-11-25T13:59:59Z")));
        Assert.Null(WindowCalendar.ActiveFreeze(freeze, DateTimeOffset.Parse("2026-11-25T14:00:00Z")));
    }

    [Fact]
    public void NextFreezes_OneOffAlreadyEnded_ReturnsNothing()
    {
        var freeze = new FreezeWindow(DateTimeOffset.Parse("2026-11-10T15:00:00Z"), DateTimeOffset.Parse("2026-11-10T18:00:00Z"), null, null);

        Assert.Empty(WindowCalendar.NextFreezes(freeze, DateTimeOffset.Parse("2026-11-10T18:00:00Z"), 3));
        Assert.Single(WindowCalendar.NextFreezes(freeze, DateTimeOffset.Parse("2026-11-10T17:59:00Z"), 3));
    }
}
