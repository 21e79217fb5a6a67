using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Engine;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class PolicyReplayTests
{
    // Two hours at 1 minute: a rise, a plateau and a fall, so the run scales both ways and is overloaded at times.
    private static readonly string Wave = Csv(TimeSpan.FromMinutes(1), Enumerable.Range(0, 120).Select(i => 10 + 90 * Math.Sin(Math.PI * i / 119) + (i % 7)));

    [Fact]
    public void Run_ScoredWhileReplayed_SameFiguresAsScoringTheRecordedRun()
    {
        var policy = DemandPolicy.Builder(10, 12).Startup(TimeSpan.FromSeconds(90)).Build();
        var context = BacktestRunner.Prepare(policy, Parse(Wave), new BacktestSettings(), out var capacity);
        var recorded = PolicyReplay.Run(policy, context, null, ReactiveOnlyEngine.Decide);
        var streamed = new ScoreAccumulator(context.GridDemand, capacity);

        var run = PolicyReplay.Run(policy, context, null, ReactiveOnlyEngine.Decide, recording: ReplayRecording.None, score: streamed);

        var expected = Scorer.Score(recorded, context, capacity);
        Assert.True(expected.OverloadedSeconds > 0 && expected.ScaleEvents > 0, "the wave must overload and scale");
        Assert.Equal(expected, streamed.ToScoreCard(Scorer.OracleReplicaHours(context.GridDemand, capacity), run.ScaleEvents));
        Assert.Empty(run.Requested);
        Assert.Empty(run.Ticks);
    }

    [Fact]
    public void Run_FullRecording_TicksHoldEveryDecisionAsTheEngineMadeIt()
    {
        var policy = DemandPolicy.Builder(10, 12).Build();
        var context = BacktestRunner.Prepare(policy, Parse(Wave), new BacktestSettings(), out _);
        var made = new List<(DateTimeOffset At, Decision Decision)>();

        var run = PolicyReplay.Run(policy, context, null, input =>
        {
            var decision = ReactiveOnlyEngine.Decide(input);
            made.Add((input.Now, decision));
            return decision;
        });

        Assert.Equal(made.Count, run.Ticks.Count);
        Assert.Equal(made.Select(m => (m.At, m.Decision.Components, m.Decision.Desired, m.Decision.Reason)), run.Ticks.Select(t => (t.At, t.Components, t.Final, t.Reason)));
        Assert.All(run.Ticks, t => Assert.Null(t.Forecast));
    }

    [Fact]
    public void Run_GridRecording_SameGridCountsWithoutTicks()
    {
        var policy = DemandPolicy.Builder(10, 12).Startup(TimeSpan.FromSeconds(90)).Build();
        var context = BacktestRunner.Prepare(policy, Parse(Wave), new BacktestSettings(), out _);
        var full = PolicyReplay.Run(policy, context, null, ReactiveOnlyEngine.Decide);

        var grid = PolicyReplay.Run(policy, context, null, ReactiveOnlyEngine.Decide, recording: ReplayRecording.Grid);

        Assert.Empty(grid.Ticks);
        Assert.Equal(full.Requested, grid.Requested);
        Assert.Equal(full.Ready, grid.Ready);
        Assert.Equal(full.Reasons, grid.Reasons);
    }
}
