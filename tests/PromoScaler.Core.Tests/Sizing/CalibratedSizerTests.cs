using System.Text.Json;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Sizing;

namespace PromoScaler.Core.Tests.Sizing;

public sealed class CalibratedSizerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);

    private static SizingSpec Sizing(double coverage = 99, TimeSpan? window = null) =>
        new(SizingMode.Calibrated, Percentage.FromPercent(coverage), window ?? TimeSpan.FromHours(24));

    /// <summary>The bar policy's timing: startup 90s, interval 15s, lag 30s delay + 30s (half a 1m rate window); C = 1.</summary>
    private static CalibratedSizer BarSizer(SizingSpec? sizing = null) =>
        new("rps", sizing ?? Sizing(), 1, TimeSpan.FromSeconds(90), Tick, TimeSpan.FromSeconds(60));

    private static void Feed(CalibratedSizer sizer, TimeSpan span, Func<int, double?> signal, int from = 0)
    {
        var ticks = (int)(span / Tick);
        for (var i = from; i < from + ticks; i++)
        {
            sizer.Observe(Start + (i * Tick), signal(i));
        }
    }

    [Fact]
    public void BetaOf_PoissonReadings_ConvergesToTheSquareRootStaffingMargin()
    {
        // Readings are Poisson counts with mean R = 2500 (C = 1), one a minute; the capacity decided at u serves the next
        // reading (lag 0, startup 0, interval 1m: the span holds the readings at u and u + 1m). Square-root staffing
        // covers a known Poisson load R with R + z_q sqrt(R); here the base is itself a reading, so the rise
        // N(u + 1m) - N(u) has variance 2R and the calibrated beta must reach sqrt(2) z_q = 3.290 at q = 99%.
        // Tolerance 5%: the standard error of a 99% quantile over a week of one-minute samples is about 1.6%, and
        // dividing by the observed sqrt(N(u)) rather than sqrt(R) biases it upwards by about z / (2 sqrt(R)) = 1.7%.
        var sizer = new CalibratedSizer("rps", Sizing(window: TimeSpan.FromDays(7)), 1, TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.Zero, [TimeSpan.Zero]);
        var random = new Random(20261101);
        var poisson = Poisson(2500);
        for (var i = 0; i < 8 * 1440; i++)
        {
            sizer.Observe(Start + TimeSpan.FromMinutes(i), poisson(random));
        }

        var analytic = Math.Sqrt(2) * 2.3263479;
        Assert.True(sizer.IsReady);
        Assert.Equal(7 * 1440, sizer.Samples);
        Assert.InRange(sizer.BetaOf(0), analytic * 0.95, analytic * 1.05);
    }

    [Fact]
    public void Propose_SmoothDailyCycle_PicksNoHold()
    {
        var sizer = BarSizer();
        Feed(sizer, TimeSpan.FromDays(2), i => 10 + (5 * Math.Sin(2 * Math.PI * i * Tick.TotalSeconds / 86400)));

        var proposal = sizer.Propose(Start + (((int)(TimeSpan.FromDays(2) / Tick) - 1) * Tick));

        Assert.Equal(CalibrationStatus.Ready, proposal.Status);
        Assert.Equal(TimeSpan.Zero, proposal.Hold);
    }

    [Fact]
    public void Propose_BurstsEveryFewMinutes_PicksALongHold()
    {
        // 2-minute bursts at 10x the quiet level, 4 to 9 minutes apart.
        var random = new Random(7);
        var burstAt = new HashSet<int>();
        for (var minute = 0; minute < 2 * 1440; minute += 2 + random.Next(4, 10))
        {
            burstAt.Add(minute);
            burstAt.Add(minute + 1);
        }

        var sizer = BarSizer();
        Feed(sizer, TimeSpan.FromDays(2), i => burstAt.Contains(i / 4) ? 20 : 2);

        var proposal = sizer.Propose(Start + (((int)(TimeSpan.FromDays(2) / Tick) - 1) * Tick));

        Assert.Equal(CalibrationStatus.Ready, proposal.Status);
        Assert.True(proposal.Hold >= TimeSpan.FromMinutes(10), $"hold {proposal.Hold}");
        Assert.True(proposal.RunnerUpCost >= proposal.Cost);
    }

    [Fact]
    public void Propose_BeforeEnoughRises_FallsBackToTheLongestHoldAndTheNormalMargin()
    {
        var sizer = BarSizer();
        Feed(sizer, TimeSpan.FromMinutes(30), i => i == 100 ? 50 : 16);

        var proposal = sizer.Propose(Start + (119 * Tick));

        Assert.Equal(CalibrationStatus.Fallback, proposal.Status);
        Assert.Equal(TimeSpan.FromMinutes(20), proposal.Hold);
        Assert.InRange(proposal.Beta, 2.3263 - 5e-4, 2.3263 + 5e-4); // z at 99%, to the approximation's 4.5e-4
        Assert.Equal(50, proposal.Load); // the burst is still inside the 20-minute hold
        Assert.Equal((int)Math.Ceiling(50 + (proposal.Beta * Math.Sqrt(50))), proposal.Replicas);
    }

    [Fact]
    public void Propose_InvalidReadingNow_ReportsInputInvalid()
    {
        var sizer = BarSizer();
        Feed(sizer, TimeSpan.FromMinutes(5), i => i == 19 ? null : 4);

        Assert.Equal(CalibrationStatus.InputInvalid, sizer.Propose(Start + (19 * Tick)).Status);
    }

    [Fact]
    public void Restore_JsonRoundTrip_ProposesExactlyAsTheOriginal()
    {
        var random = new Random(11);
        double? Signal(int i) => i % 97 == 0 ? null : 5 + (3 * Math.Sin(i / 200.0)) + (random.NextDouble() * (i % 40 < 3 ? 8 : 1));
        var original = BarSizer();
        Feed(original, TimeSpan.FromHours(36), Signal);

        var json = JsonSerializer.Serialize(original.Export());
        var restored = BarSizer();
        Assert.True(restored.Restore(JsonSerializer.Deserialize<CalibrationState>(json)!));

        var from = (int)(TimeSpan.FromHours(36) / Tick);
        for (var i = from; i < from + 1440; i++)
        {
            var value = Signal(i);
            var t = Start + (i * Tick);
            original.Observe(t, value);
            restored.Observe(t, value);
            Assert.Equal(original.Propose(t), restored.Propose(t));
        }
    }

    [Fact]
    public void Restore_StateOfOtherHolds_IsRefused()
    {
        var sizer = BarSizer();
        Feed(sizer, TimeSpan.FromHours(1), _ => 3);
        var other = new CalibratedSizer("rps", Sizing(), 1, TimeSpan.FromSeconds(90), Tick, TimeSpan.FromSeconds(60), [TimeSpan.Zero]);

        Assert.False(other.Restore(sizer.Export()));
        Assert.Equal(0, other.Samples);
    }

    // Poisson(lambda) by inversion of its cumulative distribution, tabulated from log p(k) = log p(k - 1) + log(lambda / k).
    private static Func<Random, int> Poisson(double lambda)
    {
        var cdf = new List<double>();
        var logP = -lambda;
        var total = 0.0;
        for (var k = 0; k < lambda + (20 * Math.Sqrt(lambda)); k++)
        {
            logP += k == 0 ? 0 : Math.Log(lambda / k);
            total += Math.Exp(logP);
            cdf.Add(total);
        }

        return random =>
        {
            var at = cdf.BinarySearch(random.NextDouble());
            return at >= 0 ? at : ~at;
        };
    }
}
