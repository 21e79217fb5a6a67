using System.Text.Json;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Tests.Support;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Core.Tests.Engine;

public sealed class PrewarmFloorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero);

    private static EngineRun FixedWindow(DateTimeOffset at) => new(
        new PolicyBuilder()
            .Replicas(4, 400)
            .OneOffPrewarm("double-11", Start, lead: TimeSpan.FromMinutes(30), hold: TimeSpan.FromHours(2), rampDown: TimeSpan.FromHours(1), replicas: 120)
            .Build(),
        current: 4,
        at);

    // Active on [start - lead, start + hold + rampDown): F until start + hold, then ceil(F x (1 - (t - start - hold) / rampDown)).
    [Theory]
    [InlineData(-30 * 60 - 1, null)]
    [InlineData(-30 * 60, 120)]
    [InlineData(0, 120)]
    [InlineData((2 * 3600) - 1, 120)]
    [InlineData(2 * 3600, 120)]
    [InlineData((2 * 3600) + (20 * 60), 80)]
    [InlineData((2 * 3600) + (30 * 60), 60)]
    [InlineData((2 * 3600) + (45 * 60), 30)]
    [InlineData((3 * 3600) - 1, 1)]
    [InlineData(3 * 3600, null)]
    public void Decide_FixedPrewarm_FloorAtEachEdgeAndDuringRampDown(int secondsFromStart, int? expectedFloor)
    {
        var run = FixedWindow(Start.AddSeconds(secondsFromStart));

        var decision = run.Tick(100);

        Assert.Equal(expectedFloor, decision.Components.Floor);
        if (expectedFloor is { } floor)
        {
            Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.PrewarmFloor && s.Subject == "double-11" && s.After == floor);
        }
    }

    [Fact]
    public void Decide_PrewarmAboveReactive_FloorDeterminesRawAndReason()
    {
        var run = FixedWindow(Start.AddMinutes(-30));
        run.Current = 120;

        var decision = run.Tick(100);

        Assert.Equal(120, decision.Desired);
        Assert.Equal(120, decision.Components.Raw);
        Assert.Equal(ReasonCode.PrewarmFloor, decision.Reason);
    }

    [Fact]
    public void Decide_PrewarmAboveMaxReplicas_ClampedAndExplained()
    {
        var policy = new PolicyBuilder().Replicas(1, 50)
            .OneOffPrewarm("sale", Start, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.Zero, replicas: 120).Build();
        var run = new EngineRun(policy, 50, Start);

        var decision = run.Tick(100);

        Assert.Equal(50, decision.Components.Floor);
        Assert.Contains(decision.Explanation, s => s.Code == ReasonCode.PrewarmClampedToMax && s.Before == 120 && s.After == 50);
        Assert.Equal(50, decision.Desired);
    }

    [Fact]
    public void Decide_MultiplierBaseline_KeptAcrossTicksAndRestartThroughJson()
    {
        var policy = new PolicyBuilder().Replicas(1, 400)
            .OneOffPrewarm("flash", Start, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(1), multiplier: 3).Build();
        var run = new EngineRun(policy, 10, Start.AddMinutes(-31));
        run.Tick(1000); // before the window: a normal decision, so the state is not empty
        run.Current = 10;
        run.State = run.State with { LastWritten = 10 };

        var first = run.Advance(TimeSpan.FromMinutes(1)).Tick(1000);
        Assert.Equal(30, first.Components.Floor);

        // The target grew; the baseline is never re-read.
        run.Current = 30;
        run.State = run.State with { LastWritten = 30 };
        var json = JsonSerializer.Serialize(run.State);
        run.State = JsonSerializer.Deserialize<EngineState>(json)!;

        var afterRestart = run.Advance(TimeSpan.FromMinutes(30)).Tick(1000);

        Assert.Equal(30, afterRestart.Components.Floor);
        Assert.Contains(afterRestart.Explanation, s => s.Code == ReasonCode.PrewarmFloor && s.Limit == 10);
        Assert.DoesNotContain(afterRestart.Explanation, s => s.Code == ReasonCode.PrewarmBaselineUnknown);
    }

    [Fact]
    public void Decide_MultiplierStateLostWhileActive_FloorIsCurrentAndBaselineUnknownThereafter()
    {
        var policy = new PolicyBuilder().Replicas(1, 400)
            .OneOffPrewarm("flash", Start, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(1), multiplier: 3).Build();
        var run = new EngineRun(policy, 30, Start);

        var lost = run.Tick(100);
        var next = run.Advance(TimeSpan.FromMinutes(1)).Tick(100);

        Assert.Equal(30, lost.Components.Floor);
        Assert.Contains(lost.Explanation, s => s.Code == ReasonCode.PrewarmBaselineUnknown && s.After == 30);
        Assert.Equal(30, next.Components.Floor);
        Assert.Contains(next.Explanation, s => s.Code == ReasonCode.PrewarmBaselineUnknown);
    }

    [Fact]
    public void Decide_OccurrenceEnded_BaselineDroppedFromState()
    {
        var policy = new PolicyBuilder().Replicas(1, 400)
            .OneOffPrewarm("flash", Start, TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.Zero, multiplier: 2).Build();
        var run = new EngineRun(policy, 10, Start.AddMinutes(-1));
        run.Tick(1000);
        run.Advance(TimeSpan.FromMinutes(1)).Tick(1000);
        Assert.Single(run.State.PrewarmBaselines);

        run.Advance(TimeSpan.FromMinutes(10)).Tick(1000);

        Assert.Empty(run.State.PrewarmBaselines);
    }

    // Cron starts across DST changes (Cronos rules): a start in a skipped local hour happens at the first instant
    // after the jump, a start in a repeated hour happens once, at its first occurrence.
    [Theory]
    [InlineData("America/New_York", "30 2 * * *", "2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z")] // 02:30 skipped -> 03:00 EDT
    [InlineData("America/New_York", "30 1 * * *", "2026-03-08T05:00:00Z", "2026-03-08T06:30:00Z")] // 01:30 EST
    [InlineData("America/New_York", "30 1 * * *", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z")] // 01:30 EDT, first of two
    [InlineData("America/New_York", "30 2 * * *", "2026-11-01T05:00:00Z", "2026-11-01T07:30:00Z")] // 02:30 EST
    [InlineData("Europe/London", "30 1 * * *", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")] // 01:30 skipped -> 02:00 BST
    [InlineData("Europe/London", "30 2 * * *", "2026-03-29T00:00:00Z", "2026-03-29T01:30:00Z")] // 02:30 BST
    [InlineData("Europe/London", "30 1 * * *", "2026-10-24T23:00:00Z", "2026-10-25T00:30:00Z")] // 01:30 BST, first of two
    [InlineData("Europe/London", "30 2 * * *", "2026-10-25T00:00:00Z", "2026-10-25T02:30:00Z")] // 02:30 GMT
    public void Decide_CronPrewarmAcrossDst_FloorStartsAtTheCronInstant(string zone, string cron, string searchFrom, string expectedStart)
    {
        var start = DateTimeOffset.Parse(expectedStart, System.Globalization.CultureInfo.InvariantCulture);
        var policy = new PolicyBuilder().Replicas(1, 100)
            .CronPrewarm("daily", cron, zone, TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.Zero, 50).Build();

        Assert.Equal(start, policy.Spec.Prewarm[0].Cron!.Next(DateTimeOffset.Parse(searchFrom, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(new EngineRun(policy, 1, start.AddSeconds(-1)).Tick(0).Components.Floor);
        Assert.Equal(50, new EngineRun(policy, 1, start).Tick(0).Components.Floor);
        Assert.Null(new EngineRun(policy, 1, start.AddMinutes(10)).Tick(0).Components.Floor);
    }

    [Theory]
    [InlineData("America/New_York", "2026-11-01T06:30:00Z")] // 01:30 EST, the repeated hour
    [InlineData("Europe/London", "2026-10-25T01:30:00Z")] // 01:30 GMT, the repeated hour
    public void Decide_CronPrewarmInRepeatedHour_SecondOccurrenceHasNoFloor(string zone, string repeated)
    {
        var at = DateTimeOffset.Parse(repeated, System.Globalization.CultureInfo.InvariantCulture);
        var policy = new PolicyBuilder().Replicas(1, 100)
            .CronPrewarm("daily", "30 1 * * *", zone, TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.Zero, 50).Build();

        Assert.Null(new EngineRun(policy, 1, at).Tick(0).Components.Floor);
    }

    // The lead is a duration, not local clock arithmetic: 03:30 EDT on 2026-03-08 is 07:30Z, so a 2h lead opens the
    // window at 05:30Z (00:30 EST), one real hour earlier than "01:30 local".
    [Theory]
    [InlineData("2026-03-08T05:29:59Z", null)]
    [InlineData("2026-03-08T05:30:00Z", 50)]
    [InlineData("2026-03-08T06:00:00Z", 50)]
    [InlineData("2026-03-08T07:40:00Z", null)]
    public void Decide_LeadCrossingSpringForward_ActiveFromStartMinusLeadInRealTime(string at, int? expected)
    {
        var policy = new PolicyBuilder().Replicas(1, 100)
            .CronPrewarm("morning", "30 3 * * *", "America/New_York", TimeSpan.FromHours(2), TimeSpan.FromMinutes(10), TimeSpan.Zero, 50).Build();
        var run = new EngineRun(policy, 1, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, run.Tick(0).Components.Floor);
    }

    [Theory]
    [InlineData("2026-11-01T03:59:59Z", null)] // 23:59:59 EDT
    [InlineData("2026-11-01T04:00:00Z", 50)] // start 02:00 EST = 07:00Z, lead 3h
    [InlineData("2026-11-01T07:09:59Z", 50)]
    public void Decide_LeadCrossingFallBack_ActiveFromStartMinusLeadInRealTime(string at, int? expected)
    {
        var policy = new PolicyBuilder().Replicas(1, 100)
            .CronPrewarm("night", "0 2 * * *", "America/New_York", TimeSpan.FromHours(3), TimeSpan.FromMinutes(10), TimeSpan.Zero, 50).Build();
        var run = new EngineRun(policy, 1, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, run.Tick(0).Components.Floor);
    }
}
