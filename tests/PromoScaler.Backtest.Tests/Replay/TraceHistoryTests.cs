using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Core.Policies;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class TraceHistoryTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static MetricSpec Demand => new("demand", "q", 10, null);

    private static ReplayContext Context(double[] perMinute, TimeSpan delay, TimeSpan window) => Contexts.PerMinute(perMinute, delay, window);

    [Fact]
    public async Task TraceSteps_OneMinuteSpike_SampleIsTheMeanOverItsWholeStep()
    {
        // 10 everywhere but 70 at minute 12: the spike adds a triangle of 60 x 60s to the step (10:00, 15:00], whose
        // sample is its mean over the whole step, 10 + 3600 / 300 = 22 (not the 55 of its peak 1-minute reading).
        var values = Enumerable.Repeat(10.0, 31).ToArray();
        values[12] = 70;
        var history = new TraceSteps(Context(values, TimeSpan.FromSeconds(30), Minute));

        var read = await history.ReadRangeAsync(Demand, T0, T0 + 25 * Minute, 5 * Minute, CancellationToken.None);

        // The sample stamped T0 would average the 5 minutes before the trace: absent, as a range query leaves it out.
        Assert.Equal([T0 + 5 * Minute, T0 + 10 * Minute, T0 + 15 * Minute, T0 + 20 * Minute, T0 + 25 * Minute], read.Samples.Select(s => s.Timestamp));
        Assert.Equal(10.0, read.Samples[1].Value, 9);
        Assert.Equal(22.0, read.Samples[2].Value, 9);
        Assert.Equal(10.0, read.Samples[3].Value, 9);
    }

    [Fact]
    public async Task TraceReadings_SampleIsWhatTheTickAtItsStampReads()
    {
        var values = Enumerable.Range(0, 31).Select(i => (double)i).ToArray();
        var context = Context(values, TimeSpan.FromSeconds(30), Minute);
        var history = new TraceReadings(context);

        var read = await history.ReadRangeAsync(Demand, T0, T0 + 10 * Minute, Minute, CancellationToken.None);

        Assert.Equal(T0 + 2 * Minute, read.Samples[0].Timestamp); // the first stamp whose delayed window is inside the trace
        Assert.All(read.Samples, s => Assert.Equal(context.ReadingAt("demand", s.Timestamp).Value, s.Value));
    }
}
