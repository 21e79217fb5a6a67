using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Core.Engine;
using PromoScaler.Core.History;
using PromoScaler.Daemon.History;

namespace PromoScaler.Daemon.Tests.History;

public sealed class DecisionLogTests
{
    private static readonly DateTimeOffset T0 = new(2027, 11, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_PastCapacity_KeepsTheNewestInOrder()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 3 }));

        for (var i = 0; i < 5; i++)
        {
            log.Record("checkout", Record(i));
        }

        Assert.Equal([2, 3, 4], log.Range("checkout", null, null).Select(r => r.Desired));
        Assert.Equal(4, log.Latest("checkout")!.Desired);
    }

    [Fact]
    public void Restore_FromSnapshot_KeepsWhatWasRecorded()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 10 }));
        log.Record("checkout", Record(1));
        log.Record("checkout", Record(2));
        var restored = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 10 }));

        restored.Restore(log.Snapshot());

        Assert.Equal([1, 2], restored.Range("checkout", null, null).Select(r => r.Desired));
        Assert.Empty(restored.Range("search", null, null));
    }

    [Fact]
    public void Recent_CopiesOnlyTheNewestOfEachPolicy_OldestFirst()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 10 }));
        for (var i = 0; i < 6; i++)
        {
            log.Record("checkout", Record(i));
        }

        log.Record("search", Record(9));

        var recent = log.Recent(2);

        Assert.Equal([4, 5], recent["checkout"].Select(r => r.Desired));
        Assert.Equal([9], recent["search"].Select(r => r.Desired));
        Assert.Empty(log.Recent(0)["checkout"]);
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(DecisionLog.ExplainedRecords)]
    [InlineData(3)]
    public void Record_Many_OnlyTheNewestKeepTheirExplanation_AllKeepTheirNumbers(int capacity)
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = capacity }));

        for (var i = 0; i < 30; i++)
        {
            log.Record("checkout", Record(i) with { Explanation = [new ExplanationStep(DecisionStage.Outcome, ReasonCode.NoChange, After: i)] });
        }

        var kept = log.Range("checkout", null, null);
        var explained = Math.Min(capacity, DecisionLog.ExplainedRecords);
        Assert.Equal(Math.Min(capacity, 30), kept.Count);
        Assert.All(kept.TakeLast(explained), r => Assert.Single(r.Explanation));
        Assert.All(kept.SkipLast(explained), r => Assert.Empty(r.Explanation));
        Assert.Equal(Enumerable.Range(30 - kept.Count, kept.Count), kept.Select(r => r.Desired));
        Assert.Single(log.Latest("checkout")!.Explanation);
    }

    [Fact]
    public void Record_Many_OlderDecisionsKeepTheStepsTheConsoleChartDraws()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 100 }));
        for (var i = 0; i < 30; i++)
        {
            log.Record("checkout", Record(i) with
            {
                Explanation =
                [
                    new ExplanationStep(DecisionStage.Observation, ReasonCode.Observed, Value: 3, After: 3),
                    new ExplanationStep(DecisionStage.Signals, ReasonCode.MetricValid, "rps", Value: i),
                    new ExplanationStep(DecisionStage.RawDesired, ReasonCode.RawDesired, After: 3),
                    new ExplanationStep(DecisionStage.Outcome, ReasonCode.NoChange, After: 3),
                ],
            });
        }

        var oldest = log.Range("checkout", null, null)[0];
        Assert.Equal([ReasonCode.Observed, ReasonCode.MetricValid], oldest.Explanation.Select(s => s.Code));
        Assert.Equal(4, log.Latest("checkout")!.Explanation.Count);
    }

    private static DecisionRecord Record(int i) =>
        new(T0.AddMinutes(i), DecisionAction.None, i, i, ReasonCode.NoChange, new DecisionComponents(i, null, null, i), []);
}
