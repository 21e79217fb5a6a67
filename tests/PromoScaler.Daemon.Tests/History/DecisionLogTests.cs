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

    [Fact]
    public void Range_PackedRecords_ReadBackEqualToWhatWasRecorded()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 50 }));
        var recorded = Enumerable.Range(0, 8).Select(Detailed).ToList();

        foreach (var record in recorded)
        {
            log.Record("checkout", record);
        }

        var read = log.Range("checkout", null, null);
        Assert.Equal(recorded.Count, read.Count);
        for (var i = 0; i < recorded.Count; i++)
        {
            Assert.Equal(recorded[i] with { Explanation = [] }, read[i] with { Explanation = [] });
            Assert.Equal(recorded[i].Explanation, read[i].Explanation);
        }
    }

    [Fact]
    public void Range_ManyDistinctSubjects_EveryOneReadBack()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 100 }));
        for (var i = 0; i < 80; i++)
        {
            log.Record("checkout", Record(i) with { Explanation = [new ExplanationStep(DecisionStage.Operator, ReasonCode.PinOverride, $"owner-{i}", i)] });
        }

        var kept = log.Range("checkout", T0.AddMinutes(70), null);

        Assert.Equal(Enumerable.Range(70, 10).Select(i => $"owner-{i}"), kept.Select(r => r.Explanation.Single().Subject));
    }

    [Fact]
    public void Range_FromAndUntil_SelectByInstantAcrossTiers()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions { HistoryCapacity = 1440 }));
        for (var i = 0; i < 500; i++)
        {
            log.Record("checkout", Record(i));
        }

        var kept = log.Range("checkout", T0.AddMinutes(100), T0.AddMinutes(495));

        Assert.Equal(Enumerable.Range(100, 396), kept.Select(r => r.Desired));
        Assert.Equal(Enumerable.Range(497, 3), log.Recent(3)["checkout"].Select(r => r.Desired));
    }

    [Fact]
    public void Record_FullRing_CostsUnder40KilobytesAPolicy()
    {
        var log = new DecisionLog(Options.Create(new AdminApiOptions()));

        for (var i = 0; i < 2 * AdminApiConstants.HistoryCapacity; i++)
        {
            log.Record("checkout", Detailed(i));
        }

        Assert.Equal(AdminApiConstants.HistoryCapacity, log.Range("checkout", null, null).Count);
        Assert.InRange(log.Allocated, 1, 40 * 1024);
    }

    // A target-mode decision as the engine explains it: observation, a valid metric, the proposal, guardrails, outcome.
    private static DecisionRecord Detailed(int i) =>
        new(T0.AddSeconds(15 * i).AddTicks(i * 7919), i % 3 == 0 ? DecisionAction.Scale : DecisionAction.None, 3 + (i % 4), 4 + (i % 5), ReasonCode.ReactiveProposal,
            new DecisionComponents(4 + (i % 5), i % 2 == 0 ? null : 7, i % 5 == 0 ? 12 : null, 4 + (i % 5)),
            [
                new ExplanationStep(DecisionStage.Observation, ReasonCode.Observed, Value: 3 + (i % 4), After: 3 + (i % 4)),
                new ExplanationStep(DecisionStage.Signals, ReasonCode.MetricValid, "rps", 153.25 + (i * 0.1)),
                new ExplanationStep(DecisionStage.Signals, ReasonCode.NotANumber, "errors", double.NaN),
                new ExplanationStep(DecisionStage.Reactive, ReasonCode.ReactiveProposal, "rps", 153.25, 3, 4 + (i % 5), 0.1),
                new ExplanationStep(DecisionStage.Predictive, ReasonCode.ForecastUsed, "rps", -0.0, After: 7, Limit: 1e300),
                new ExplanationStep(DecisionStage.RawDesired, ReasonCode.RawDesired, After: 4 + (i % 5)),
                new ExplanationStep(DecisionStage.Guardrails, ReasonCode.ScaleUpLimited, "scale-up", 2, -5, int.MaxValue, double.PositiveInfinity),
                new ExplanationStep(DecisionStage.Guardrails, ReasonCode.MinReplicas, Before: int.MinValue, After: 1, Limit: 1),
                new ExplanationStep(DecisionStage.Outcome, ReasonCode.NoChange, Before: 3, After: 3),
            ]);

    private static DecisionRecord Record(int i) =>
        new(T0.AddMinutes(i), DecisionAction.None, i, i, ReasonCode.NoChange, new DecisionComponents(i, null, null, i), []);
}
