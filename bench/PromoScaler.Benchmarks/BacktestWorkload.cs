using System.Globalization;
using System.Text;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Benchmarks;

/// <summary>
/// The benchmark's workload: 30 days of synthetic demand at 1 minute (a daily and weekly cycle, noise and one
/// surge, from a fixed seed), replayed at a 15s interval (172,800 ticks) with holtWinters at step 1m.
/// </summary>
internal sealed class BacktestWorkload
{
    public static readonly DateTimeOffset Start = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public BacktestWorkload()
    {
        Trace = TraceReader.Read(new StringReader(SyntheticCsv(days: 30)), "synthetic.csv");
        Policy = BuildPolicy();
        Settings = new BacktestSettings(From: Start, To: Start + TimeSpan.FromDays(30), MetricDelay: TimeSpan.Zero, MetricWindow: TimeSpan.Zero);
    }

    public Trace Trace { get; }

    public ScalingPolicy Policy { get; }

    public BacktestSettings Settings { get; }

    /// <summary>Engine + forecaster + simulator + scoring + decisions.csv and components.csv.</summary>
    public ReplayRun RunPolicy(TextWriter decisions, TextWriter components) => Replay(Policy, decisions, components);

    /// <summary>The whole backtest with the HPA baseline and its 17-point frontier.</summary>
    public BacktestResult RunWithFrontier() => new BacktestRunner().Run(Policy, Trace, Settings, withFrontier: true);

    /// <summary>The policy sizing in calibrated mode (coverage 99%, window 24h), without prediction.</summary>
    public ScalingPolicy CalibratedPolicy => Policy with { Spec = Policy.Spec with { Sizing = new SizingSpec(SizingMode.Calibrated, SizingSpec.DefaultCoverage, SizingSpec.DefaultWindow), Prediction = null } };

    /// <summary>Engine + calibration models + simulator + scoring + decisions.csv and components.csv, calibrated mode.</summary>
    public ReplayRun RunCalibratedPolicy(TextWriter decisions, TextWriter components) => Replay(CalibratedPolicy, decisions, components);

    /// <summary>The same trace and backtest with the policy sizing in calibrated mode (coverage 99%, window 24h).</summary>
    public BacktestResult RunCalibratedWithFrontier() => new BacktestRunner().Run(CalibratedPolicy, Trace, Settings, withFrontier: true);

    private ReplayRun Replay(ScalingPolicy policy, TextWriter decisions, TextWriter components)
    {
        var context = BacktestRunner.Prepare(policy, Trace, Settings, out var capacity);
        var run = PolicyReplay.Run(policy, context, null, DecisionEngine.Decide);
        _ = Scorer.Score(run, context, capacity);
        DecisionsCsv.Write(decisions, run, context, capacity);
        ComponentsCsv.Write(components, run);
        return run;
    }

    private static ScalingPolicy BuildPolicy() =>
        new PolicyBuilder()
            .Named("bench")
            .Startup(TimeSpan.FromSeconds(90))
            .Metric("demand", 100, capacityPerReplica: 125, query: "sum(rate(http_requests_total[1m]))")
            .Replicas(2, 400)
            .Prediction(new PredictionSpec(
                ForecastModelKind.HoltWinters,
                "demand",
                TimeSpan.FromDays(7),
                TimeSpan.FromDays(1),
                TimeSpan.FromMinutes(1),
                Percentage.FromFraction(0.1),
                new TrustSpec(TimeSpan.FromHours(2), Percentage.FromFraction(0.25))))
            .Build();

    private static string SyntheticCsv(int days)
    {
        var random = new Random(20251111);
        var text = new StringBuilder("timestamp,demand\n");
        var minutes = days * 1440 + 10;
        for (var i = 0; i < minutes; i++)
        {
            var t = Start + TimeSpan.FromMinutes(i);
            var daily = Math.Sin(2 * Math.PI * (t.TimeOfDay.TotalMinutes - 360) / 1440);
            var weekly = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.7 : 1.0;
            var surge = i is >= 20 * 1440 + 600 and < 20 * 1440 + 720 ? 3.0 : 1.0;
            var value = (1500 + 1000 * daily) * weekly * surge * (1 + 0.05 * (random.NextDouble() * 2 - 1));
            text.Append(CultureInfo.InvariantCulture, $"{t.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{value:F3}\n");
        }

        return text.ToString();
    }
}
