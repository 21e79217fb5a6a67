using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands;

public sealed class BacktestCommandTests : IDisposable
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
          guardrails:
            minReplicas: 1
            maxReplicas: 50
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("promoscaler-cli-");
    private readonly TestConsole _console = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public BacktestCommandTests() => _console.Profile.Width = 200;

    public void Dispose() => _dir.Delete(recursive: true);

    private string PolicyFile => Write("web.yaml", Policy);

    private string OutDir => Path.Combine(_dir.FullName, "out");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Trace(int minutes, string column = "value")
    {
        var text = new StringBuilder($"timestamp,{column}\n");
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < minutes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(t0 + TimeSpan.FromMinutes(i)).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{50 + 30 * Math.Sin(i / 20.0):F3}\n");
        }

        return text.ToString();
    }

    private int Run(params string[] args) => Program.Run(args, _console, _time);

    [Fact]
    public async Task RunAsync_JsonOutputWithBadTrace_ErrorGoesToTheErrorConsoleAndStdoutStaysEmpty()
    {
        var errors = new TestConsole();
        var trace = Write("trace.csv", "timestamp,value\n2026-01-01T00:00:00Z,5\n2026-01-01T00:00:00Z,6\n");

        var exit = await Program.RunAsync(["backtest", PolicyFile, "--trace", trace, "--out", OutDir, "--output", "json"], _console, _time, errors);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, _console.Output);
        Assert.Contains("trace.csv:3", errors.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(OutDir));
    }

    [Fact]
    public async Task RunAsync_UsageError_GoesToTheErrorConsoleWithExitCode2()
    {
        var errors = new TestConsole();

        var exit = await Program.RunAsync(["backtest", PolicyFile, "--bogus"], _console, _time, errors);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, _console.Output);
        Assert.Contains("--bogus", errors.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidPolicyAndTrace_WritesTheSixFilesAndTheTable()
    {
        var trace = Write("trace.csv", Trace(240));

        var exit = Run("backtest", PolicyFile, "--trace", trace, "--out", OutDir);

        Assert.Equal(0, exit);
        Assert.Equal(
            ["backtest.png", "components.csv", "decisions.csv", "report.html", "summary.json", "windows.csv"],
            Directory.GetFiles(OutDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("overloaded seconds", _console.Output);
        Assert.Contains("HPA overload at equal cost", _console.Output);
    }

    [Fact]
    public void Run_JsonOutput_SummaryWithProvenanceOnStdout()
    {
        var trace = Write("trace.csv", Trace(240, column: "rps"));

        var exit = Run("backtest", PolicyFile, "--trace", trace, "--out", OutDir, "--output", "json", "--no-chart", "--metric-delay", "1m", "--disable", "forecast,prewarm");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_console.Output);
        var provenance = json.RootElement.GetProperty("provenance");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(trace))), provenance.GetProperty("traceSha256").GetString());
        Assert.Equal("1m", provenance.GetProperty("flags").GetProperty("--metric-delay").GetString());
        Assert.Equal("forecast,prewarm", provenance.GetProperty("flags").GetProperty("--disable").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("capacityPerReplica").GetDouble());
    }

    [Fact]
    public void Run_PerfectForecastOnAPolicyThatPredicts_RecordedInProvenance()
    {
        var policy = Write("predicting.yaml", Policy + """

              prediction:
                model: seasonalNaive
                history: 2h
                season: 1h
                step: 5m
            """);
        var trace = Write("trace.csv", Trace(240, column: "rps"));

        var exit = Run("backtest", policy, "--trace", trace, "--out", OutDir, "--output", "json", "--no-chart", "--perfect-forecast", "10m");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_console.Output);
        Assert.Equal("10m", json.RootElement.GetProperty("provenance").GetProperty("flags").GetProperty("--perfect-forecast").GetString());
    }

    [Fact]
    public void Run_PerfectForecastOnAPolicyWithoutPrediction_Exit1AndNothingWritten()
    {
        var trace = Write("trace.csv", Trace(60, column: "rps"));

        var exit = Run("backtest", PolicyFile, "--trace", trace, "--out", OutDir, "--perfect-forecast", "step");

        Assert.Equal(1, exit);
        Assert.Contains("--perfect-forecast: policy web has no forecast to replace", _console.Output);
        Assert.False(Directory.Exists(OutDir));
    }

    [Theory]
    [InlineData("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:02:00Z,2\n2025-01-01T00:01:00Z,3\n", ":4: ", "before the previous row")]
    [InlineData("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:00:00Z,2\n", ":3: ", "duplicate timestamp")]
    [InlineData("timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,high\n", ":3: ", "is not a number")]
    [InlineData("timestamp,cpu\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,2\n", ":1: ", "no column for metric \"rps\"")]
    public void Run_BadTrace_Exit1WithFileLineReasonAndNothingWritten(string csv, string line, string reason)
    {
        var trace = Write("bad.csv", csv);

        var exit = Run("backtest", PolicyFile, "--trace", trace, "--out", OutDir);

        Assert.Equal(1, exit);
        Assert.Contains(trace + line, _console.Output);
        Assert.Contains(reason, _console.Output);
        Assert.False(Directory.Exists(OutDir));
        Assert.Empty(_dir.GetDirectories()); // no staging directory left behind either
    }

    [Fact]
    public void Run_RangeOutsideTheTrace_Exit1AndNothingWritten()
    {
        var trace = Write("trace.csv", Trace(60));

        var exit = Run("backtest", PolicyFile, "--trace", trace, "--out", OutDir, "--to", "2025-01-02T00:00:00Z");

        Assert.Equal(1, exit);
        Assert.Contains(trace + ":61: --to 2025-01-02T00:00:00Z is after the trace's last row", _console.Output);
        Assert.False(Directory.Exists(OutDir));
    }

    [Theory]
    [InlineData("--metric-delay", "30")]
    [InlineData("--disable", "magic")]
    [InlineData("--from", "2025-01-01 00:00")]
    [InlineData("--output", "xml")]
    [InlineData("--perfect-forecast", "oracle")]
    [InlineData("--perfect-forecast", "0s")]
    public void Run_BadFlag_Exit2(string flag, string value)
    {
        var trace = Write("trace.csv", Trace(60));

        var exit = Run("backtest", PolicyFile, "--trace", trace, "--out", OutDir, flag, value);

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(OutDir));
    }

    [Fact]
    public void Run_MissingTraceFlag_Exit2()
    {
        Assert.Equal(2, Run("backtest", PolicyFile, "--out", OutDir));
    }
}
