using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Backtest.Reports.Chart;
using PromoScaler.Cli.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Backtest;

/// <summary>Every value a backtest flag can be given wrong is a usage error (exit 2) naming the flag, before any work.</summary>
public sealed class BacktestFlagTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PolicyFile => _dir.Write("web.yaml", PolicyYaml.Policy("web", [PolicyYaml.Metric("rps", "sum(rate(http_requests_total[1m]))", 8)]));

    private string TraceFile => _dir.Write("trace.csv", Trace(120));

    [Theory]
    [InlineData("--metric-delay", "99999999999999d", "out of range")]
    [InlineData("--metric-delay", "30", "is not a duration")]
    [InlineData("--metric-window", "9999999d", "out of range")]
    [InlineData("--metric-window", "-5s", "is not a duration")]
    [InlineData("--capacity-per-replica", "0,2", "is not a number")]
    [InlineData("--capacity-per-replica", "abc", "is not a number")]
    [InlineData("--capacity-per-replica", "0", "must be greater than 0")]
    [InlineData("--capacity-per-replica", "1e999", "out of range")]
    [InlineData("--capacity-per-replica", "NaN", "is not a number")]
    [InlineData("--from", "2025-01-01T00:00:00", "is not an ISO-8601 instant")]
    [InlineData("--from", "2025-13-01T00:00:00Z", "out of range")]
    [InlineData("--to", "0001-01-01T00:00:00+01:00", "out of range")]
    [InlineData("--disable", "None", "is not one of forecast, gating, prewarm")]
    [InlineData("--disable", "Forecast", "is not one of forecast, gating, prewarm")]
    [InlineData("--output", "table", "is not one of text, json")]
    [InlineData("--perfect-forecast", "99999999999999999999s", "neither step nor a positive duration")]
    [InlineData("--coverage-sweep", "99", "is not a coverage")]
    [InlineData("--coverage-sweep", "95%,100%", "is not a coverage")]
    [InlineData("--coverage-sweep", "abc%", "is not a coverage")]
    public async Task RunAsync_BadFlagValue_Exit2NamingTheFlagAndNoTypeName(string flag, string value, string reason)
    {
        string[] args = ["backtest", PolicyFile, "--trace", TraceFile, "--out", _dir["out"], flag, value];

        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{flag}: ", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        AssertNoInternalNames(stderr);
        Assert.False(Directory.Exists(_dir["out"]));
    }

    [Theory]
    [InlineData("1e-300")]
    [InlineData("0.00001")]
    [InlineData("1e300")]
    public async Task RunAsync_CapacityThatMakesFiguresMeaningless_RefusedBeforeTheRunNamingTheFlag(string capacity)
    {
        var (exit, stdout, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", _dir["out"], "--capacity-per-replica", capacity]);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("--capacity-per-replica: ", stderr, StringComparison.Ordinal);
        Assert.Contains("does not fit this trace, whose peak demand is", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir["out"]));
    }

    [Theory]
    [InlineData("/proc/nope/x")]
    [InlineData("/proc")]
    public async Task RunAsync_OutWhereNothingCanBeWritten_Exit2BeforeTheRun(string output)
    {
        var (exit, stdout, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", output]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("--out: ", stderr, StringComparison.Ordinal);
        Assert.Contains("not writable", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TraceIsANamedPipe_RefusedWithoutBlocking()
    {
        var fifo = _dir["trace.csv"];
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", fifo, "--out", _dir["out"]]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("is a named pipe (FIFO), not a regular file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EmptyOut_Exit2BeforeTheRun()
    {
        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", ""]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--out: \"\" is not a file path", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutIsAnExistingFile_Exit2BeforeTheRun()
    {
        var file = _dir.Write("taken", "not a directory");

        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", file]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--out: ", stderr, StringComparison.Ordinal);
        Assert.Contains("is a file, not a directory", stderr, StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(file));
    }

    [Fact]
    public async Task RunAsync_OutUnderAFile_Exit2BeforeTheRun()
    {
        var file = _dir.Write("taken", "x");

        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", Path.Combine(file, "out")]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("which is a file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FromNotBeforeTo_Exit2()
    {
        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", _dir["out"], "--from", "2025-01-01T01:00:00Z", "--to", "2025-01-01T00:30:00Z"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("is empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoChartIntoADirectoryWithAnEarlierChart_TheStaleChartIsRemoved()
    {
        string[] args = ["backtest", PolicyFile, "--trace", TraceFile, "--out", _dir["out"]];
        Assert.Equal(ExitCodes.Ok, (await RunAsync(args)).Exit);
        Assert.True(File.Exists(_dir["out/backtest.png"]));

        var (exit, _, _) = await RunAsync([.. args, "--no-chart"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.False(File.Exists(_dir["out/backtest.png"]), "a chart from an earlier run must not pass for this run's");
        Assert.True(File.Exists(_dir["out/summary.json"]));
    }

    [Fact]
    public async Task RunAsync_ErrorsOfTheRun_GoToStderrNotStdout()
    {
        var (exit, stdout, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", _dir["missing.csv"], "--out", _dir["out"]]);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("--trace: no such file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CoverageSweepOnATargetModePolicy_Exit1()
    {
        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--trace", TraceFile, "--out", _dir["out"], "--coverage-sweep", "95%,99%"]);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains("--coverage-sweep: policy web does not size in calibrated mode", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["out/summary.json"]));
    }

    [Fact]
    public async Task RunAsync_CoverageSweepOnACalibratedPolicy_WritesOneRowPerCoverage()
    {
        var calibrated = _dir.Write("calibrated.yaml", """
            apiVersion: promoscaler.io/v1
            kind: ScalingPolicy
            metadata:
              name: web
            spec:
              target: { kind: Deployment, namespace: shop, name: web }
              interval: 15s
              metrics:
                - name: rps
                  query: sum(rate(http_requests_total[1m]))
                  capacityPerReplica: 10
              sizing: { mode: calibrated }
              guardrails:
                maxReplicas: 50
            """);

        var (exit, stdout, _) = await RunAsync(["backtest", calibrated, "--trace", _dir.Write("day.csv", Trace(1440)), "--out", _dir["out"], "--coverage-sweep", "90%, 99.5%"]);

        Assert.Equal(ExitCodes.Ok, exit);
        var rows = File.ReadAllLines(_dir["out/coverage-sweep.csv"]);
        Assert.Equal("coverage,achieved_coverage,replica_hours,overloaded_seconds,scale_events_per_day,hpa_overloaded_seconds_at_equal_cost,ratio_vs_hpa", rows[0]);
        Assert.Equal(["0.9", "0.995"], rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.Contains("coverage sweep", stdout, StringComparison.Ordinal);
        Assert.Contains("declared 99%, achieved", stdout, StringComparison.Ordinal);
        // The sweep is drawn with HPA's frontier: a PNG of the chart's size (its IHDR width and height).
        var png = File.ReadAllBytes(_dir["out/frontier.png"]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(FrontierChart.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(FrontierChart.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.Contains("out/frontier.png", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1995-07-01T00:00:00Z", "2025-07-01T00:00:00Z", "1m", "is longer than the limit of 366d")]
    [InlineData("2025-01-01T00:00:00Z", "2025-07-01T00:00:00Z", "1s", "points per metric")]
    public async Task RunAsync_PrometheusRangeBeyondTheLimits_RefusedBeforeAnyQuery(string from, string to, string step, string reason)
    {
        // Nothing listens on port 1: a query would fail with a connection error, not with the limit.
        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--prometheus", "http://127.0.0.1:1/", "--from", from, "--to", to, "--step", step, "--out", _dir["out"]]);

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StepBeyondADay_Exit2()
    {
        var (exit, _, stderr) = await RunAsync(["backtest", PolicyFile, "--prometheus", "http://127.0.0.1:1/", "--from", "2025-01-01T00:00:00Z", "--to", "2025-01-02T00:00:00Z", "--step", "99999999999999d", "--out", _dir["out"]]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--step: ", stderr, StringComparison.Ordinal);
        Assert.Contains("out of range", stderr, StringComparison.Ordinal);
    }

    internal static void AssertNoInternalNames(string text)
    {
        // Type names, not paths: a response file (@FILE) that is not found is named by its path, which may hold "PromoScaler.Cli.Tests".
        foreach (var name in new[] { "OptionResult", "ArgumentResult", "PromoScaler.Cli.OutputFormat", "PromoScaler.Backtest.", "PromoScaler.Core.", "System.", "Nullable`1" })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args)
    {
        var console = new TestConsole().Width(1000);
        var errors = new TestConsole().Width(1000);
        var exit = await Program.RunAsync(args, console, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), errors);
        return (exit, console.Output, errors.Output);
    }

    private static string Trace(int minutes)
    {
        var text = new StringBuilder("timestamp,value\n");
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < minutes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(t0 + TimeSpan.FromMinutes(i)).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{40 + (20 * Math.Sin(i / 15.0)):F3}\n");
        }

        return text.ToString();
    }
}
