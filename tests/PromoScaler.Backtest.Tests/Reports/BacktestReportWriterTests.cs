using System.Globalization;
using System.Text.Json;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Tests.Fakes;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Reports;

public sealed class BacktestReportWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "promoscaler-report-" + Guid.NewGuid().ToString("N"));

    private static readonly Provenance Provenance = new("0.1.0", "p.yaml", "aa", "t.csv", "bb", [new("--metric-delay", "30s"), new("--from", null)]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Write_SummaryFigures_RecomputeFromDecisionsCsv()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 600).Select(i => 30 + 20 * Math.Sin(i / 30.0) + (random.NextDouble() < 0.05 ? 60 : 0));
        var policy = DemandPolicy.Builder(8, 10).Replicas(1, 50).Startup(TimeSpan.FromSeconds(90)).Build();
        var result = new BacktestRunner(ReactiveOnlyEngine.Decide).Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), values)), new BacktestSettings(), withFrontier: true);

        BacktestReportWriter.Write(result, Provenance, _dir, chart: null);

        var rows = File.ReadAllLines(Path.Combine(_dir, BacktestReportWriter.DecisionsFile)).Skip(1).Select(l => l.Split(',')).ToArray();
        double overloaded = 0, unserved = 0, demandSum = 0, replicaHours = 0, oracle = 0;
        var c = result.CapacityPerReplica;
        foreach (var row in rows)
        {
            var requested = int.Parse(row[1], CultureInfo.InvariantCulture);
            var capacity = double.Parse(row[4], CultureInfo.InvariantCulture);
            replicaHours += requested * 15 / 3600.0;
            if (row[3].Length > 0)
            {
                var demand = double.Parse(row[3], CultureInfo.InvariantCulture);
                overloaded += demand > capacity ? 15 : 0;
                unserved += Math.Max(0, demand - capacity);
                demandSum += demand;
                oracle += Math.Ceiling(demand / c) * 15 / 3600.0;
            }
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, BacktestReportWriter.SummaryFile)));
        var root = summary.RootElement;
        Assert.True(overloaded > 0, "the run should overload somewhere for the check to mean something");
        Assert.Equal(overloaded, root.GetProperty("overloadedSeconds").GetDouble());
        Assert.Equal(unserved / demandSum, root.GetProperty("overloadedDemandFraction").GetDouble(), 9);
        Assert.Equal(replicaHours, root.GetProperty("replicaHours").GetDouble(), 9);
        Assert.Equal(oracle, root.GetProperty("oracleReplicaHours").GetDouble(), 9);
        Assert.Equal(rows.Max(r => int.Parse(r[1], CultureInfo.InvariantCulture)), root.GetProperty("maxReplicas").GetInt32());
        Assert.Equal(c, root.GetProperty("capacityPerReplica").GetDouble());
        Assert.Equal(17, root.GetProperty("frontier").GetArrayLength());
        Assert.Equal("bb", root.GetProperty("provenance").GetProperty("traceSha256").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("provenance").GetProperty("flags").GetProperty("--from").ValueKind);
    }

    [Fact]
    public void Write_ChartFails_NothingInTheOutputDirectory()
    {
        var policy = DemandPolicy.Builder().Build();
        var result = new BacktestRunner(ReactiveOnlyEngine.Decide).Run(policy, Parse(Csv(TimeSpan.FromMinutes(1), [1, 2, 3, 4, 5])), new BacktestSettings(), withFrontier: false);

        Assert.Throws<InvalidOperationException>(() =>
            BacktestReportWriter.Write(result, Provenance, _dir, (_, _) => throw new InvalidOperationException("no font")));

        Assert.False(Directory.Exists(_dir));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), ".promoscaler-report-*"));
    }
}
