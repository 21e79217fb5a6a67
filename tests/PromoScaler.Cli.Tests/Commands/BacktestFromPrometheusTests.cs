using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Backtest.Traces;
using PromoScaler.Cli.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands;

[Collection(SharedPrometheus.Name)]
public sealed class BacktestFromPrometheusTests(CliPrometheusFixture prometheus) : IDisposable
{
    /// <summary>
    /// Reactive, with a pre-warm whose edges fall on the 15s grid; targets that are not round numbers, so that no
    /// reading sits exactly on a replica boundary.
    /// </summary>
    private const string ReactivePolicy = """
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: launch
        spec:
          target: { kind: Deployment, namespace: shop, name: launch }
          interval: 15s
          startup: 60s
          metrics:
            - name: rps
              query: rate(nasa_requests_total[1m])
              targetPerReplica: 0.37
              capacityPerReplica: 0.45
          prewarm:
            - name: liftoff
              start: 1995-07-13T13:30:00Z
              lead: 10m
              replicas: 12
              hold: 30m
              rampDown: 20m
          guardrails:
            minReplicas: 1
            maxReplicas: 60
        """;

    /// <summary>Two metrics and a forecast fitted on two hours of history queried before --from.</summary>
    private const string ForecastPolicy = """
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: launch-forecast
        spec:
          target: { kind: Deployment, namespace: shop, name: launch }
          interval: 30s
          startup: 60s
          metrics:
            - name: rps
              query: rate(nasa_requests_total[1m])
              targetPerReplica: 0.37
            - name: rps_slow
              query: rate(nasa_requests_total[2m])
              targetPerReplica: 0.41
          prediction:
            model: seasonalNaive
            metric: rps
            history: 2h
            season: 1h
            step: 1m
          guardrails:
            minReplicas: 1
            maxReplicas: 60
        """;

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole().Width(1000);
        var exit = await Program.RunAsync(args, console, _time);
        return (exit, console.Output);
    }

    [Fact]
    public async Task RunAsync_PrometheusAndCsvOfItsExportedTrace_ByteIdenticalDecisions()
    {
        var policy = _dir.Write("forecast.yaml", ForecastPolicy);
        var export = _dir["export/trace.csv"];
        string[] range = ["--from", "1995-07-13T14:05:00Z", "--to", "1995-07-13T14:45:00Z", "--no-chart", "--output", "json"];

        var fromPrometheus = await RunAsync(["backtest", policy, "--prometheus", prometheus.BaseUrl.ToString(), "--export-trace", export, "--out", _dir["prom"], .. range]);
        var fromCsv = await RunAsync(["backtest", policy, "--trace", export, "--metric-delay", "0s", "--metric-window", "0s", "--out", _dir["csv"], .. range]);

        Assert.True(fromPrometheus.Exit == 0, fromPrometheus.Output);
        Assert.True(fromCsv.Exit == 0, fromCsv.Output);
        Assert.Equal(File.ReadAllBytes(_dir["csv/decisions.csv"]), File.ReadAllBytes(_dir["prom/decisions.csv"]));
        Assert.Equal(File.ReadAllBytes(_dir["csv/components.csv"]), File.ReadAllBytes(_dir["prom/components.csv"]));

        // The export holds the prediction history before --from (2h at the 30s interval) and a column per metric.
        var rows = File.ReadAllLines(export);
        Assert.Equal("timestamp,rps,rps_slow", rows[0]);
        Assert.StartsWith("1995-07-13T12:05:00Z,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("1995-07-13T14:45:00Z,", rows[^1], StringComparison.Ordinal);
        Assert.Equal(1 + (160 * 2) + 1, rows.Length); // header, then 12:05 to 14:45 every 30s
        using var summary = JsonDocument.Parse(fromPrometheus.Output);
        Assert.True(summary.RootElement.GetProperty("forecastTicks").EnumerateObject().Any(), "the forecast must have been fed");
    }

    [Fact]
    public async Task RunAsync_RateOfScrapedCounter_SameDecisionsAsCsvWithSixtySecondWindow()
    {
        var policy = _dir.Write("reactive.yaml", ReactivePolicy);
        var trace = _dir.Write("nasa.csv", CliPrometheusFixture.Nasa.TraceCsv());
        string[] range = ["--from", "1995-07-13T12:15:00Z", "--to", "1995-07-13T14:45:00Z", "--no-chart", "--output", "json"];

        var fromPrometheus = await RunAsync(["backtest", policy, "--prometheus", prometheus.BaseUrl.ToString(), "--step", "15s", "--out", _dir["prom"], .. range]);
        var fromCsv = await RunAsync(["backtest", policy, "--trace", trace, "--metric-delay", "0s", "--metric-window", "60s", "--out", _dir["csv"], .. range]);

        Assert.True(fromPrometheus.Exit == 0, fromPrometheus.Output);
        Assert.True(fromCsv.Exit == 0, fromCsv.Output);

        // The policy ticks at its phase (FNV-1a of its name, as the daemon does), between the 15s samples of the range
        // query, where the trace interpolates rate() linearly rather than taking the CSV's exact 60s mean: its
        // decisions may differ there, so the grid (instants, demand) is compared for it, and every decision of the
        // HPA baseline and its frontier, which sync on the samples every 15s from --from.
        var prom = Rows(_dir["prom/decisions.csv"]);
        var csv = Rows(_dir["csv/decisions.csv"]);
        Assert.Equal(600, prom.Count);
        Assert.Equal(csv.Select(r => r[0]), prom.Select(r => r[0]));

        // What Prometheus scores as demand is rate(x[1m]): the mean of the trace's demand over the minute before,
        // exactly the reading the CSV backtest gives the engine with a 60s window (its own demand column is d(t)).
        var slice = CliPrometheusFixture.Nasa;
        var curve = new DemandCurve([.. slice.RowTimes.Select(t => t.UtcTicks)], [.. slice.RowValues]);
        foreach (var row in prom)
        {
            var at = DateTimeOffset.Parse(row[0], CultureInfo.InvariantCulture);
            var expected = curve.Mean(at - TimeSpan.FromSeconds(60), at)!.Value;
            AssertRelative(expected, double.Parse(row[3], CultureInfo.InvariantCulture), row[0]);
        }

        // Figures that follow from the decisions agree for the policy, the HPA baseline and every frontier point.
        using var promSummary = JsonDocument.Parse(fromPrometheus.Output);
        using var csvSummary = JsonDocument.Parse(fromCsv.Output);
        var p = promSummary.RootElement;
        var c = csvSummary.RootElement;
        AssertDecisionFigures(c.GetProperty("hpa"), p.GetProperty("hpa"), "hpa");
        var frontier = c.GetProperty("frontier").EnumerateArray().Zip(p.GetProperty("frontier").EnumerateArray()).ToList();
        Assert.Equal(17, frontier.Count);
        foreach (var (cp, pp) in frontier)
        {
            AssertDecisionFigures(cp, pp, "frontier " + cp.GetProperty("fractionOfCapacity").GetDouble().ToString(CultureInfo.InvariantCulture));
        }

        Assert.True(p.GetProperty("scaleEvents").GetInt32() > 5, "the slice must make the policy move");
    }

    [Fact]
    public async Task RunAsync_FromPrometheus_ProvenanceNamesUrlRangeAndQueriesNotATraceFile()
    {
        var policy = _dir.Write("reactive.yaml", ReactivePolicy);

        var (exit, output) = await RunAsync(
            "backtest", policy, "--prometheus", prometheus.BaseUrl.ToString(), "--from", "1995-07-13T13:00:00Z", "--to", "1995-07-13T13:10:00Z",
            "--out", _dir["out"], "--no-chart", "--output", "json");

        Assert.True(exit == 0, output);
        var provenance = JsonDocument.Parse(output).RootElement.GetProperty("provenance");
        Assert.Equal(JsonValueKind.Null, provenance.GetProperty("traceFile").ValueKind);
        Assert.Equal(JsonValueKind.Null, provenance.GetProperty("traceSha256").ValueKind);
        var source = provenance.GetProperty("prometheus");
        Assert.Equal(prometheus.BaseUrl.ToString(), source.GetProperty("url").GetString());
        Assert.Equal("1995-07-13T13:00:00Z", source.GetProperty("start").GetString());
        Assert.Equal("1995-07-13T13:10:00Z", source.GetProperty("end").GetString());
        Assert.Equal(15, source.GetProperty("stepSeconds").GetDouble());
        Assert.Equal("rate(nasa_requests_total[1m])", source.GetProperty("queries").GetProperty("rps").GetString());
        var flags = provenance.GetProperty("flags");
        Assert.Equal("0s", flags.GetProperty("--metric-delay").GetString());
        Assert.Equal(JsonValueKind.Null, flags.GetProperty("--metric-window").ValueKind);
    }

    [Fact]
    public async Task RunAsync_QueryWithNoDataInRange_Exits1NamingTheMetricAndWritesNothing()
    {
        var policy = _dir.Write("reactive.yaml", ReactivePolicy.Replace("rate(nasa_requests_total[1m])", "rate(nasa_missing_total[1m])", StringComparison.Ordinal));

        var (exit, output) = await RunAsync(
            "backtest", policy, "--prometheus", prometheus.BaseUrl.ToString(), "--from", "1995-07-13T13:00:00Z", "--to", "1995-07-13T13:10:00Z",
            "--out", _dir["out"], "--export-trace", _dir["trace.csv"]);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("metric \"rps\"", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir["out"]));
        Assert.False(File.Exists(_dir["trace.csv"]));
    }

    [Fact]
    public async Task RunAsync_PromqlError_Exits1WithQueryErrorReason()
    {
        var policy = _dir.Write("reactive.yaml", ReactivePolicy.Replace("rate(nasa_requests_total[1m])", "rate(nasa_requests_total[1m]", StringComparison.Ordinal));

        var (exit, output) = await RunAsync(
            "backtest", policy, "--prometheus", prometheus.BaseUrl.ToString(), "--from", "1995-07-13T13:00:00Z", "--to", "1995-07-13T13:10:00Z", "--out", _dir["out"]);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("queryError", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir["out"]));
    }

    [Theory]
    [InlineData("--prometheus", "http://127.0.0.1:1/", "--trace", "t.csv", "--from", "1995-07-13T13:00:00Z", "--to", "1995-07-13T14:00:00Z")]
    [InlineData("--prometheus", "http://127.0.0.1:1/", "--to", "1995-07-13T14:00:00Z")]
    [InlineData("--prometheus", "http://127.0.0.1:1/", "--from", "1995-07-13T13:00:00Z", "--to", "1995-07-13T14:00:00Z", "--metric-window", "60s")]
    [InlineData("--trace", "t.csv", "--step", "15s")]
    [InlineData("--trace", "t.csv", "--export-trace", "e.csv")]
    [InlineData("--from", "1995-07-13T13:00:00Z")]
    public async Task RunAsync_TraceSourceFlagsThatDoNotFit_UsageError(params string[] flags)
    {
        var policy = _dir.Write("reactive.yaml", ReactivePolicy);

        var (exit, _) = await RunAsync(["backtest", policy, "--out", _dir["out"], .. flags]);

        Assert.Equal(ExitCodes.Usage, exit);
    }

    private static List<string[]> Rows(string path) => [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))];

    private static void AssertDecisionFigures(JsonElement expected, JsonElement actual, string what)
    {
        AssertRelative(expected.GetProperty("replicaHours").GetDouble(), actual.GetProperty("replicaHours").GetDouble(), what + " replicaHours");
        Assert.Equal(expected.GetProperty("maxReplicas").GetInt32(), actual.GetProperty("maxReplicas").GetInt32());
        Assert.Equal(expected.GetProperty("scaleEvents").GetInt32(), actual.GetProperty("scaleEvents").GetInt32());
    }

    private static void AssertRelative(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(actual - expected) / scale <= 1e-9, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
