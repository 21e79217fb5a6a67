using Microsoft.Extensions.Time.Testing;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Tests.Fakes;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Reports;

public sealed class ProgressLinesTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(T0);
    private readonly StringWriter _out = new();

    public void Dispose() => _out.Dispose();

    private string[] Lines => _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Report_EveryTenthOfTheTicks_OneLineWithElapsedAndTimeLeft()
    {
        var lines = new ProgressLines(_out, _time);

        for (var done = 0; done <= 1000; done += 25)
        {
            _time.Advance(TimeSpan.FromSeconds(1)); // 40 reports, one a second: 4 reports per tenth
            lines.Report(new BacktestProgress("web", 0, done, 1000));
        }

        Assert.Equal(11, Lines.Length); // 0% .. 100%
        Assert.Equal("backtest: 0% (0 of 1,000 ticks), 1s elapsed, time left unknown", Lines[0]);
        // 400 ticks after 17 s: 600 more at the same pace take 25.5 s.
        Assert.Equal("backtest: 40% (400 of 1,000 ticks), 17s elapsed, about 26s left", Lines[4]);
        Assert.Equal("backtest: 100% (1,000 of 1,000 ticks), 41s elapsed, done", Lines[^1]);
    }

    [Fact]
    public void Report_SlowRun_ALineAfterThirtySecondsWithoutOne()
    {
        var lines = new ProgressLines(_out, _time);
        lines.Report(new BacktestProgress("web", 0, 100, 1000)); // 10%: a line

        _time.Advance(TimeSpan.FromSeconds(29));
        lines.Report(new BacktestProgress("web", 0, 120, 1000));
        Assert.Single(Lines); // 12% after 29 s: no new tenth, not yet 30 s of silence

        _time.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new BacktestProgress("web", 0, 130, 1000));
        Assert.Equal(2, Lines.Length);
        Assert.Equal("backtest: 13% (130 of 1,000 ticks), 30s elapsed, about 3m21s left", Lines[1]);
    }

    [Fact]
    public void Run_WholeBacktest_TicksAddUpOverEveryRunAndEndAtTheTotal()
    {
        // The policy's run: 15 ticks (00:01:30, then its phase slots 00:01:34.48 .. 00:04:49.48); the hpa baseline and its
        // 17 frontier runs: 14 ticks each (00:01:30 .. 00:04:45, syncing every 15s from the start).
        var trace = Parse(Csv(TimeSpan.FromMinutes(1), [10, 10, 40, 40, 40, 10]));
        var reports = new List<BacktestProgress>();

        new BacktestRunner(ReactiveOnlyEngine.Decide).Run(DemandPolicy.Builder().Build(), trace, new BacktestSettings(), progress: new Recorder(reports));

        Assert.All(reports, r => Assert.Equal(15 + (18 * 14), r.TicksTotal));
        Assert.Equal(15 + (18 * 14), reports.Max(r => r.TicksDone));
        // Each run only moves forward, so the total never goes back, even with the frontier's runs in parallel.
        Assert.Equal(reports.Select(r => r.TicksDone), reports.Select(r => r.TicksDone).Order());
    }

    private sealed class Recorder(List<BacktestProgress> reports) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => reports.Add(value);
    }
}
