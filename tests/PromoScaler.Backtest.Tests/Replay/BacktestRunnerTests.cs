using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Tests.Fakes;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Replay;

public class BacktestRunnerTests
{
    private static readonly BacktestRunner Runner = new(ReactiveOnlyEngine.Decide);

    // Rows every minute: 10, 10, 40, 40, 40, 10. D = 30s, W = 60s, so scoring starts at 00:01:30.
    private static readonly string TinyTrace = Csv(TimeSpan.FromMinutes(1), [10, 10, 40, 40, 40, 10]);

    [Fact]
    public void Run_TinyTrace_DecisionsCsvAsComputedByHand()
    {
        var policy = DemandPolicy.Builder(10, 10).Startup(TimeSpan.FromSeconds(30)).Build();
        var result = Runner.Run(policy, Parse(TinyTrace), new BacktestSettings(), withFrontier: false);
        var csv = new StringWriter();

        DecisionsCsv.Write(csv, result.Run, result.Context, result.CapacityPerReplica);

        // Ticks at from (01:30), then at the daemon's phase of "web": 4.48s past each 15s, so 01:34.48, 01:49.48, ...
        // Signal at t = mean of d over [t - 90s, t - 30s]; desired = ceil(signal / 10); new replicas serve 30s later;
        // a grid point shows the last tick before it.
        // 01:34.48: mean over [4.48s, 64.48s] = (55.52 x 10 + 4.48 x 11.12) / 60 = 10.08 -> 2, ready from 02:04.48.
        // 02:19.48: mean over [49.48s, 109.48s] = 20.20 -> 3; 02:49.48: mean over [79.48s, 139.48s] = 33.16 -> 4;
        // each ready 30s later.
        const string expected = """
            timestamp,desired_replicas,ready_replicas,demand,capacity,reason
            2025-01-01T00:01:30Z,1,1,25,10,noChange
            2025-01-01T00:01:45Z,2,1,32.5,10,scaleUp
            2025-01-01T00:02:00Z,2,1,40,10,noChange
            2025-01-01T00:02:15Z,2,2,40,20,noChange
            2025-01-01T00:02:30Z,3,2,40,20,scaleUp
            2025-01-01T00:02:45Z,3,2,40,20,noChange
            2025-01-01T00:03:00Z,4,3,40,30,scaleUp
            2025-01-01T00:03:15Z,4,3,40,30,noChange
            2025-01-01T00:03:30Z,4,4,40,40,noChange
            2025-01-01T00:03:45Z,4,4,40,40,noChange
            2025-01-01T00:04:00Z,4,4,40,40,noChange
            2025-01-01T00:04:15Z,4,4,32.5,40,noChange
            2025-01-01T00:04:30Z,4,4,25,40,noChange
            2025-01-01T00:04:45Z,4,4,17.5,40,noChange

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), csv.ToString());
        Assert.Equal(8 * 15, result.Score.OverloadedSeconds);
        Assert.Equal(3, result.Score.ScaleEvents);
    }

    [Fact]
    public void Run_TinyTrace_OracleReplicaHoursAsComputedByHand()
    {
        var policy = DemandPolicy.Builder(10, 10).Build();

        var result = Runner.Run(policy, Parse(TinyTrace), new BacktestSettings(), withFrontier: false);

        // ceil(d / 10) at the 14 grid points: 25 -> 3, 32.5 -> 4, 40 (x10) -> 4, 25 -> 3, 17.5 -> 2: 52 x 15s.
        Assert.Equal(52 * 15 / 3600.0, result.Score.OracleReplicaHours, 12);
    }

    [Fact]
    public void Run_CapacityFlag_OverridesTheMetricsCapacity()
    {
        var policy = DemandPolicy.Builder(10, 10).Build();

        var result = Runner.Run(policy, Parse(TinyTrace), new BacktestSettings(CapacityPerReplica: 20), withFrontier: false);

        Assert.Equal(20, result.CapacityPerReplica);
        Assert.Equal(27 * 15 / 3600.0, result.Score.OracleReplicaHours, 12); // 2,2,2,2 x10,... = 27
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Run_NeverOverloaded_CostsAtLeastTheOracle(int seed)
    {
        // Random bursty demand; a target far below capacity and instant startup keep the run from overloading.
        var random = new Random(seed);
        var values = Enumerable.Range(0, 240).Select(_ => random.NextDouble() < 0.1 ? 50 + 100 * random.NextDouble() : 20 * random.NextDouble());
        var policy = DemandPolicy.Builder(2, 10).Replicas(1, 500).Startup(TimeSpan.Zero).Build();

        var result = Runner.Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), values)), new BacktestSettings(MetricDelay: TimeSpan.Zero, MetricWindow: TimeSpan.Zero), withFrontier: false);

        Assert.Equal(0, result.Score.OverloadedSeconds);
        Assert.True(result.Score.ReplicaHours >= result.Score.OracleReplicaHours);
    }

    [Fact]
    public void Run_OneHourStepTrace_EveryReadingHasAValueAndIsFresh()
    {
        var readings = new List<(DateTimeOffset Now, MetricReading Reading)>();
        var recording = new BacktestRunner(input =>
        {
            readings.AddRange(input.Readings.Select(r => (input.Now, r)));
            return ReactiveOnlyEngine.Decide(input);
        });
        var policy = DemandPolicy.Builder().Build();
        var trace = Parse(Csv(TimeSpan.FromHours(1), Enumerable.Range(0, 48).Select(i => 10.0 + i % 24)));

        recording.Run(policy, trace, new BacktestSettings(), withFrontier: false);

        Assert.NotEmpty(readings);
        Assert.All(readings, r =>
        {
            Assert.NotNull(r.Reading.Value);
            Assert.True(r.Now - r.Reading.FreshAt <= policy.Spec.Guardrails.MaxStaleness, $"stale at {r.Now}");
        });
    }

    [Fact]
    public void Prepare_MissingMetricColumn_RejectedWithFileLineAndReason()
    {
        var policy = DemandPolicy.Builder().Metric("cpu", 0.5).Build();

        var error = Assert.Throws<TraceFormatException>(() => BacktestRunner.Prepare(policy, Parse(TinyTrace, "t.csv"), new BacktestSettings(), out _));

        Assert.StartsWith("t.csv:1: no column for metric \"cpu\"", error.Message);
    }

    [Theory]
    [InlineData(-60, 0, 2, "--from")]
    [InlineData(120, 600, 7, "--to")]
    public void Prepare_RangeOutsideTheTrace_RejectedWithFileLineAndReason(int fromSeconds, int toSeconds, int line, string flag)
    {
        var settings = new BacktestSettings(From: T0 + TimeSpan.FromSeconds(fromSeconds), To: toSeconds == 0 ? null : T0 + TimeSpan.FromSeconds(toSeconds));

        var error = Assert.Throws<TraceFormatException>(() => BacktestRunner.Prepare(DemandPolicy.Builder().Build(), Parse(TinyTrace, "t.csv"), settings, out _));

        Assert.Equal(line, error.Line);
        Assert.Contains(flag, error.Reason);
    }
}

public class BacktestRunnerEngineTests
{
    private static readonly BacktestRunner Runner = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_RealEngine_EveryRunWithoutOverloadCostsAtLeastTheOracle(int seed)
    {
        // Every run the backtest makes (the policy, hpa and the 17 frontier runs) on a random bursty trace: those
        // that never overloaded cannot have cost less than perfect foresight.
        var random = new Random(seed);
        var values = Enumerable.Range(0, 6 * 60).Select(i => 20 + 10 * Math.Sin(i / 40.0) + (random.NextDouble() < 0.03 ? 40 * random.NextDouble() : 0));
        var policy = DemandPolicy.Builder(3, 10).Replicas(1, 100).Startup(TimeSpan.FromSeconds(60)).Build();

        var result = Runner.Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), values)), new BacktestSettings());

        var scores = new[] { result.Score, result.HpaScore }.Concat(result.Frontier.Select(p => p.Score)).ToArray();
        Assert.Contains(scores, s => s.OverloadedSeconds == 0);
        Assert.All(scores.Where(s => s.OverloadedSeconds == 0), s => Assert.True(s.ReplicaHours >= s.OracleReplicaHours, $"{s}"));
    }

    [Fact]
    public void Run_RealEngineOnOneHourStepTrace_NeverStaleNorMissing()
    {
        var policy = DemandPolicy.Builder(10, 12.5).Replicas(1, 20).Build();
        var trace = Parse(Csv(TimeSpan.FromHours(1), Enumerable.Range(0, 72).Select(i => 50.0 + 40 * Math.Sin(i / 4.0))));

        var result = Runner.Run(policy, trace, new BacktestSettings(), withFrontier: false);

        Assert.DoesNotContain(result.Run.Ticks, t => t.Reason is ReasonCode.Stale or ReasonCode.NoData or ReasonCode.HoldOnMissingMetrics or ReasonCode.NoValidMetrics);
        Assert.DoesNotContain(result.Run.Ticks, t => t.Components.Reactive is null);
        Assert.True(result.Score.ScaleEvents > 0);
    }
}

public class BacktestRunnerForecastGateTests
{
    [Fact]
    public void Run_AccurateForecastThatOnlyAddsHeadroom_TheDecisionGateKeepsItOut()
    {
        // A smooth daily cycle the reactive rule follows without ever falling short: the seasonal forecast is
        // accurate (within maxError) but its 50% headroom only adds replicas, so it never earns its place.
        var values = Enumerable.Range(0, 3 * 1440).Select(i => 50 + (40 * Math.Sin(2 * Math.PI * i / 1440)));
        var prediction = new PredictionSpec(ForecastModelKind.SeasonalNaive, "demand", TimeSpan.FromDays(2), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), Percentage.FromFraction(0.5), new TrustSpec(TimeSpan.FromHours(1), Percentage.FromFraction(0.25)));
        var gated = DemandPolicy.Builder(10, 20).Replicas(1, 40).Startup(TimeSpan.Zero).Prediction(prediction).Build();
        var byError = gated with { Spec = gated.Spec with { Prediction = prediction with { Trust = prediction.Trust with { Gate = TrustGate.Error } } } };
        var trace = Parse(Csv(TimeSpan.FromMinutes(1), values));
        var settings = new BacktestSettings(From: T0.AddDays(2).AddHours(1), To: T0.AddDays(3).AddMinutes(-10));

        var withGate = new BacktestRunner().Run(gated, trace, settings, withFrontier: false);
        var errorOnly = new BacktestRunner().Run(byError, trace, settings, withFrontier: false);

        Assert.Contains(errorOnly.Run.Ticks, t => t.Components.Predictive is not null);
        Assert.All(withGate.Run.Ticks, t => Assert.Null(t.Components.Predictive));
        Assert.Equal(0, withGate.Score.OverloadedSeconds);
        Assert.True(withGate.Score.ReplicaHours < errorOnly.Score.ReplicaHours, $"{withGate.Score.ReplicaHours} vs {errorOnly.Score.ReplicaHours}");
    }
}

public class BacktestRunnerAblationTests
{
    [Fact]
    public void Ablate_Each_RemovesExactlyThatPart()
    {
        var prediction = new PredictionSpec(ForecastModelKind.SeasonalNaive, "demand", TimeSpan.FromDays(2), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), Percentage.FromFraction(0.1), new TrustSpec(TimeSpan.FromHours(1), Percentage.FromFraction(0.25)));
        var policy = DemandPolicy.Builder().Prediction(prediction).OneOffPrewarm("sale", T0, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), replicas: 5).Build();

        Assert.Null(BacktestRunner.Ablate(policy, Ablation.Forecast).Spec.Prediction);
        Assert.Empty(BacktestRunner.Ablate(policy, Ablation.Prewarm).Spec.Prewarm);
        Assert.Equal(double.PositiveInfinity, BacktestRunner.Ablate(policy, Ablation.Gating).Spec.Prediction!.Trust.MaxError.Fraction);
        Assert.Equal(TrustGate.Error, BacktestRunner.Ablate(policy, Ablation.Gating).Spec.Prediction!.Trust.Gate);
        var none = BacktestRunner.Ablate(policy, Ablation.None);
        Assert.Equal(prediction, none.Spec.Prediction);
        Assert.Single(none.Spec.Prewarm);
    }
}
