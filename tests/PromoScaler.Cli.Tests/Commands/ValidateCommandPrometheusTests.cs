using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Commands;
using PromoScaler.Cli.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands;

[Collection(SharedPrometheus.Name)]
public sealed class ValidateCommandPrometheusTests(CliPrometheusFixture prometheus)
{
    // Sample k of cli_gauge is at T0 + 15s x k, so at T0 + 10m its value is 40.
    private static readonly DateTimeOffset Now = CliPrometheusFixture.T0 + TimeSpan.FromMinutes(10);

    [Fact]
    public async Task RunAsync_EveryQueryOneSeriesOrEmptyUnderWhenEmptyZero_ReportsEachMetricAndExits0()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop",
        [
            PolicyYaml.Metric("load", "cli_gauge"),
            PolicyYaml.Metric("pods", "sum(cli_two)"),
            PolicyYaml.Metric("queue", "cli_absent", extra: "whenEmpty: zero"),
        ]));

        var (exit, output) = await ValidateAsync(file, OutputFormat.Text, prometheus.BaseUrl);

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("  metric load: 1 series, value 40, fresh at 2024-11-11 00:10:00 UTC (0s before now)", lines);
        Assert.Contains("  metric pods: 1 series, value 3, fresh at 2024-11-11 00:10:00 UTC (0s before now)", lines);
        Assert.Contains("  metric queue: 0 series, fresh at 2024-11-11 00:10:00 UTC (0s before now)", lines);
        Assert.Contains($"valid: 1 policy, 0 errors, 0 warnings; 3 metrics queried at {prometheus.BaseUrl}, 0 failed", lines);
    }

    [Fact]
    public async Task RunAsync_PromqlErrorTwoSeriesAndEmpty_JsonNamesEachFailureAndExits1()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop",
        [
            PolicyYaml.Metric("load", "cli_gauge"),
            PolicyYaml.Metric("broken", "sum(cli_gauge"),
            PolicyYaml.Metric("pods", "cli_two"),
            PolicyYaml.Metric("gone", "cli_absent"),
            PolicyYaml.Metric("nan", "cli_nan"),
        ]));

        var (exit, output) = await ValidateAsync(file, OutputFormat.Json, prometheus.BaseUrl);

        Assert.Equal(ExitCodes.Invalid, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        var checks = root.GetProperty("prometheus");
        Assert.Equal(4, checks.GetProperty("failed").GetInt32());
        var metrics = checks.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("metric").GetString()!);

        Assert.True(metrics["load"].GetProperty("passed").GetBoolean());
        Assert.Equal(40, metrics["load"].GetProperty("value").GetDouble());
        Assert.Equal(0, metrics["load"].GetProperty("ageSeconds").GetDouble());
        Assert.Equal("2024-11-11T00:10:00Z", metrics["load"].GetProperty("freshAt").GetString());

        Assert.False(metrics["broken"].GetProperty("passed").GetBoolean());
        Assert.Equal("queryError", metrics["broken"].GetProperty("failure").GetString());
        Assert.StartsWith("queryError: ", metrics["broken"].GetProperty("problem").GetString(), StringComparison.Ordinal);

        Assert.False(metrics["pods"].GetProperty("passed").GetBoolean());
        Assert.Equal(2, metrics["pods"].GetProperty("seriesCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, metrics["pods"].GetProperty("failure").ValueKind);

        Assert.False(metrics["gone"].GetProperty("passed").GetBoolean());
        Assert.Equal(0, metrics["gone"].GetProperty("seriesCount").GetInt32());

        // NaN is one series of the right shape, but the engine would refuse it: it fails as the engine judges it.
        Assert.False(metrics["nan"].GetProperty("passed").GetBoolean());
        Assert.Equal("NaN", metrics["nan"].GetProperty("value").GetString());
    }

    [Fact]
    public async Task RunAsync_NanInfiniteNegativeAboveMaxValue_EachFailsWithTheEnginesReason()
    {
        // Real Prometheus answers: cli_nan is NaN, 40 / 0 is +Inf, -40 is negative, 40 x 100 is above maxValue 1000.
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop",
        [
            PolicyYaml.Metric("load", "cli_gauge", extra: "maxValue: 1000"),
            PolicyYaml.Metric("nan", "cli_nan"),
            PolicyYaml.Metric("inf", "cli_gauge / 0"),
            PolicyYaml.Metric("negative", "-cli_gauge"),
            PolicyYaml.Metric("absurd", "cli_gauge * 100", extra: "maxValue: 1000"),
        ]));

        var (exit, output) = await ValidateAsync(file, OutputFormat.Text, prometheus.BaseUrl);

        Assert.Equal(ExitCodes.Invalid, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("  metric load: 1 series, value 40, fresh at 2024-11-11 00:10:00 UTC (0s before now)", lines);
        Assert.Contains("  metric nan: FAILED notANumber: the value is NaN; the engine treats it as invalid", lines);
        Assert.Contains("  metric inf: FAILED infinite: the value is +Inf; the engine treats it as invalid", lines);
        Assert.Contains("  metric negative: FAILED negative: the value -40 is negative; the engine treats it as invalid", lines);
        Assert.Contains("  metric absurd: FAILED aboveMaxValue: the value 4000 is above maxValue 1000; the engine treats it as invalid", lines);
        Assert.Contains($"invalid: 1 policy, 0 errors, 0 warnings; 5 metrics queried at {prometheus.BaseUrl}, 4 failed", lines);
    }

    [Fact]
    public async Task RunAsync_PromqlError_TextNamesMetricReasonAndQuery()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop", [PolicyYaml.Metric("broken", "sum(cli_gauge")]));

        var (exit, output) = await ValidateAsync(file, OutputFormat.Text, prometheus.BaseUrl);

        Assert.Equal(ExitCodes.Invalid, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => l.StartsWith("  metric broken: FAILED queryError: ", StringComparison.Ordinal));
        Assert.Contains("    query: sum(cli_gauge", lines);
        Assert.Contains($"invalid: 1 policy, 0 errors, 0 warnings; 1 metric queried at {prometheus.BaseUrl}, 1 failed", lines);
    }

    [Fact]
    public async Task RunAsync_NothingListening_EveryMetricReadFailedNotCircuitOpenAndExits1()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop",
        [
            PolicyYaml.Metric("load", "cli_gauge", extra: "freshnessQuery: max(timestamp(cli_gauge))"),
            PolicyYaml.Metric("pods", "sum(cli_two)"),
            PolicyYaml.Metric("queue", "cli_gauge"),
        ]));

        var (exit, output) = await ValidateAsync(file, OutputFormat.Json, ClosedPort());

        Assert.Equal(ExitCodes.Invalid, exit);
        using var json = JsonDocument.Parse(output);
        // Retries of the first reads would open a daemon's breaker; a one-shot check names the real cause every time.
        var failures = json.RootElement.GetProperty("prometheus").GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("failure").GetString());
        Assert.Equal(["readFailed", "readFailed", "readFailed"], failures);
    }

    [Fact]
    public async Task RunAsync_PolicyInvalid_QueriesNothingAndReportsTheLoadErrors()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop", [PolicyYaml.Metric("load", "cli_gauge", extra: "colour: blue")]));

        var (exit, output) = await ValidateAsync(file, OutputFormat.Json, prometheus.BaseUrl);

        Assert.Equal(ExitCodes.Invalid, exit);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.TryGetProperty("prometheus", out _));
        Assert.Contains("colour", json.RootElement.GetProperty("errors")[0].GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CommandLineWithPrometheus_RunsTheChecksThroughTheParser()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("shop.yaml", PolicyYaml.Policy("shop", [PolicyYaml.Metric("load", "cli_gauge")]));
        var console = new TestConsole().Width(400);

        var exit = await Program.RunAsync(
            ["validate", file, "--prometheus", prometheus.BaseUrl.ToString(), "--output", "json"], console, new FakeTimeProvider(Now));

        Assert.Equal(ExitCodes.Ok, exit);
        using var json = JsonDocument.Parse(console.Output);
        Assert.Equal(40, json.RootElement.GetProperty("prometheus").GetProperty("metrics")[0].GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("prometheus:9090")]
    [InlineData("ftp://prometheus")]
    [InlineData("not a url")]
    public async Task RunAsync_PrometheusNotAnHttpUrl_UsageErrorNamingTheFlag(string url)
    {
        var console = new TestConsole().Width(400);

        var exit = await Program.RunAsync(["validate", "policies", "--prometheus", url], console, new FakeTimeProvider(Now));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--prometheus: ", console.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>validate</c> on one file with the Prometheus check against <paramref name="prometheusUrl"/>, at <see cref="Now"/>.</summary>
    private static async Task<(int Exit, string Output)> ValidateAsync(string file, OutputFormat format, Uri prometheusUrl)
    {
        var console = new TestConsole().Width(400);
        var exit = await ValidateCommand.RunAsync(
            new ValidateRequest([file], false, format, prometheusUrl), console, new FakeTimeProvider(Now), CancellationToken.None);
        return (exit, console.Output);
    }

    /// <summary>A loopback URL nothing listens on: a port the kernel just handed out and took back.</summary>
    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
