using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Backtest;

/// <summary>What a backtest tells a person besides the figures: windows, data holes, refusal, progress.</summary>
public sealed class BacktestReportTests : IDisposable
{
    private const string Policy = """
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: web
        spec:
          target: { kind: Deployment, namespace: shop, name: web }
          interval: 15s
          startup: 60s
          metrics:
            - name: rps
              query: sum(rate(http_requests_total[1m]))
              targetPerReplica: 8
              capacityPerReplica: 10
          prewarm:
            - { name: launch, start: 2025-01-01T02:00:00Z, lead: 20m, replicas: 12, hold: 30m }
          guardrails:
            minReplicas: 1
            maxReplicas: 50
            budget: { pricePerReplicaHour: 0.5, maxPerHour: 100 }
        """;

    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly TestConsole _console = new();
    private readonly TestConsole _errors = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public BacktestReportTests()
    {
        _console.Profile.Width = 200;
        _errors.Profile.Width = 400;
    }

    public void Dispose() => _dir.Dispose();

    private string OutDir => Path.Combine(_dir.Path, "out");

    /// <summary>Rows every minute at the given offsets (minutes from <see cref="T0"/>), a gentle wave.</summary>
    private string TraceFile(IEnumerable<int> minutes)
    {
        var text = new StringBuilder("timestamp,value\n");
        foreach (var m in minutes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(T0 + TimeSpan.FromMinutes(m)).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{50 + 30 * Math.Sin(m / 20.0):F3}\n");
        }

        return _dir.Write("trace.csv", text.ToString());
    }

    private Task<int> Run(params string[] args) =>
        Program.RunAsync(["backtest", _dir.Write("web.yaml", Policy), .. args, "--out", OutDir], _console, _time, _errors);

    [Fact]
    public async Task Run_PrewarmWithPrice_WindowRowInTheTableWindowsCsvAndSummaryWithCosts()
    {
        var exit = await Run("--trace", TraceFile(Enumerable.Range(0, 240)), "--no-chart");

        Assert.Equal(0, exit);
        Assert.Contains("announced windows", _console.Output, StringComparison.Ordinal);
        Assert.Contains("│ launch ", _console.Output, StringComparison.Ordinal);
        Assert.Contains("cost at 0.5 per replica-h", _console.Output, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(OutDir, "windows.csv"));
        Assert.Equal(2, csv.Length);
        Assert.StartsWith("prewarm,launch,2025-01-01T02:00:00Z,2025-01-01T02:30:00Z,12,", csv[1], StringComparison.Ordinal);
        // report.html too, without --no-chart's say: its tables carry the same window, and it loads nothing from outside.
        var html = File.ReadAllText(Path.Combine(OutDir, "report.html"));
        Assert.Contains("<td>launch</td>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "summary.json")));
        var root = json.RootElement;
        var window = Assert.Single(root.GetProperty("windows").EnumerateArray().ToList());
        Assert.Equal("2025-01-01T01:41:00Z", window.GetProperty("scoredFrom").GetString()); // start - lead + startup
        Assert.Equal(window.GetProperty("extraReplicaHours").GetDouble() * 0.5, window.GetProperty("extraCost").GetDouble(), 12);
        Assert.Equal(root.GetProperty("replicaHours").GetDouble() * 0.5, root.GetProperty("cost").GetProperty("policy").GetDouble(), 12);
        // Per window, HPA at equal overload, the policy and the oracle in replica-hours and in money, in all three outputs.
        var equal = window.GetProperty("hpaReplicaHoursAtEqualOverload").GetDouble();
        Assert.Equal(equal * 0.5, window.GetProperty("hpaCostAtEqualOverload").GetDouble(), 12);
        Assert.Equal(window.GetProperty("oracleReplicaHours").GetDouble() * 0.5, window.GetProperty("oracleCost").GetDouble(), 12);
        var header = csv[0].Split(',');
        var cells = csv[1].Split(',');
        Assert.Equal(equal, double.Parse(cells[Array.IndexOf(header, "hpa_replica_hours_at_equal_overload")], CultureInfo.InvariantCulture), 12);
        Assert.Equal(equal * 0.5, double.Parse(cells[Array.IndexOf(header, "hpa_cost_at_equal_overload")], CultureInfo.InvariantCulture), 12);
        Assert.Contains("cost per window over the same span, replica-hours / at 0.5 per replica-h", _console.Output, StringComparison.Ordinal);
        var costRow = _console.Output.Split('\n').Last(l => l.StartsWith("│ launch ", StringComparison.Ordinal));
        var shown = costRow.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["launch", Shown(window, "replicaHours"), Shown(window, "hpaReplicaHours"), Pair(equal), Shown(window, "oracleReplicaHours"), Shown(window, "extraReplicaHours")], shown);

        static string Shown(JsonElement window, string field) => Pair(window.GetProperty(field).GetDouble());

        static string Pair(double replicaHours) =>
            $"{replicaHours.ToString("#,0.##", CultureInfo.InvariantCulture)} / {(replicaHours * 0.5).ToString("#,0.##", CultureInfo.InvariantCulture)}";
    }

    [Fact]
    public async Task Run_TraceWithAHole_WarnsWithTheRangeAndCountsItInSummary()
    {
        // Four hours of rows with none from 01:00 to 01:40 (40 rows missing: more than 3 x the 1m median step).
        var exit = await Run("--trace", TraceFile(Enumerable.Range(0, 240).Where(m => m is <= 60 or >= 100)), "--no-chart");

        Assert.Equal(0, exit);
        var lines = _errors.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("warning: trace hole: rps: no data from 2025-01-01T01:00:00Z to 2025-01-01T01:40:00Z (rows 40m apart, more than 3 x the median step 1m)", lines);
        Assert.Contains(lines, l => l.StartsWith("warning: 159 of 950 scored grid points (16.74%) have no demand data", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "summary.json")));
        var quality = json.RootElement.GetProperty("dataQuality");
        Assert.Equal(1, quality.GetProperty("holes").GetInt32());
        Assert.Equal(159, quality.GetProperty("gridPointsWithoutData").GetInt32());
    }

    [Fact]
    public async Task Run_MostOfTheRangeAHole_RefusedWithTheReasonUnlessGapsAreAllowed()
    {
        // A day of rows, 20 days without, a day of rows: far more than half of the range has no data.
        var minutes = Enumerable.Range(0, 1440).Concat(Enumerable.Range(21 * 1440, 1440)).ToList();

        var refused = await Run("--trace", TraceFile(minutes), "--no-chart");

        Assert.Equal(1, refused);
        Assert.Contains("more than half of the range is a hole", _errors.Output, StringComparison.Ordinal);
        Assert.Contains("--allow-gaps", _errors.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(OutDir));

        var allowed = await Run("--trace", TraceFile(minutes), "--no-chart", "--allow-gaps");

        Assert.Equal(0, allowed);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "summary.json")));
        Assert.True(json.RootElement.GetProperty("dataQuality").GetProperty("fractionWithoutData").GetDouble() > 0.9);
        Assert.Equal("true", json.RootElement.GetProperty("provenance").GetProperty("flags").GetProperty("--allow-gaps").GetString());
    }

    [Fact]
    public async Task Run_LongRunOffATerminal_PlainProgressLinesOnStderrAndJsonStaysParseable()
    {
        // 5,100 minutes at a 15s interval: more than the 20,000 ticks that earn a progress display.
        var exit = await Run("--trace", TraceFile(Enumerable.Range(0, 5100)), "--no-chart", "--output", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_console.Output);
        var progress = _errors.Output.Split('\n').Where(l => l.StartsWith("backtest: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(11, progress.Count); // 0%, 10%, ... 100%: the fake clock never passes 30 s
        Assert.Matches(@"^backtest: 0% \(0 of [\d,]+ ticks\), 0s elapsed, time left unknown", progress[0]);
        Assert.Matches(@"^backtest: 50% \([\d,]+ of [\d,]+ ticks\), 0s elapsed, about 0s left", progress[5]);
        Assert.Matches(@"^backtest: 100% \(([\d,]+) of \1 ticks\), 0s elapsed, done", progress[^1]);
    }
}
