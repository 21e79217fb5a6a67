using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Backtest;

/// <summary>Backtest of a pod policy with hostedBy: the node floor its counts put on the VM group, in summary.json and on the console.</summary>
public sealed class BacktestNodeFloorTests : IDisposable
{
    // A pre-warm of 12 pods; demand below one pod's worth elsewhere. 12 pods at 5 per node: 3 nodes at the peak.
    private const string Pods = """
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: web
        spec:
          target: { kind: Deployment, namespace: shop, name: web }
          hostedBy: nodes
          podsPerNode: 5
          metrics:
            - name: rps
              query: sum(rate(http_requests_total[1m]))
              targetPerReplica: 8
              capacityPerReplica: 10
          prewarm:
            - { name: launch, start: 2025-01-01T02:00:00Z, lead: 20m, replicas: 12, hold: 30m }
          guardrails: { minReplicas: 1, maxReplicas: 50 }
        """;

    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly TestConsole _console = new();
    private readonly TestConsole _errors = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public BacktestNodeFloorTests()
    {
        _console.Profile.Width = 250;
        _errors.Profile.Width = 400;
    }

    public void Dispose() => _dir.Dispose();

    private string OutDir => Path.Combine(_dir.Path, "out");

    private static string Group(int maxReplicas) => $$"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: nodes
        spec:
          target: { kind: AwsAutoScalingGroup, region: us-east-1, groupName: web-nodes }
          startup: 3m
          metrics:
            - { name: cpu, query: avg(node_cpu), targetPerReplica: 0.6 }
          guardrails: { minReplicas: 1, maxReplicas: {{maxReplicas}} }
        """;

    private string TraceFile()
    {
        var text = new StringBuilder("timestamp,value\n");
        for (var m = 0; m < 240; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(T0 + TimeSpan.FromMinutes(m)).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},4\n");
        }

        return _dir.Write("trace.csv", text.ToString());
    }

    private async Task<JsonElement> Backtest(string podsFile)
    {
        var exit = await Program.RunAsync(["backtest", podsFile, "--trace", TraceFile(), "--no-chart", "--out", OutDir], _console, _time, _errors);
        Assert.True(exit == 0, _errors.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "summary.json")));
        return json.RootElement.GetProperty("nodeFloor").Clone();
    }

    [Fact]
    public async Task Run_PodPolicyWithItsGroupInTheDirectory_ReportsPeakNodesAgainstTheGroupsMax()
    {
        _dir.Write("nodes.yaml", Group(maxReplicas: 2));

        var nodes = await Backtest(_dir.Write("web.yaml", Pods));

        Assert.Equal("nodes", nodes.GetProperty("hostedBy").GetString());
        Assert.Equal(5, nodes.GetProperty("podsPerNode").GetInt32());
        Assert.Equal(3, nodes.GetProperty("peakNodes").GetInt32());
        // The pods' floor applies from start - lead (01:40); the scale-up step policies reach 12 pods two ticks later.
        Assert.Equal("2025-01-01T01:40:30Z", nodes.GetProperty("peakAt").GetString());
        Assert.Equal(2, nodes.GetProperty("groupMaxReplicas").GetInt32());
        Assert.Equal(180, nodes.GetProperty("groupStartupSeconds").GetDouble());
        Assert.Equal(1, nodes.GetProperty("shortBy").GetInt32());
        // ceil(pods / 5) at every 15s grid point of decisions.csv.
        var pods = File.ReadLines(Path.Combine(OutDir, "decisions.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[1], CultureInfo.InvariantCulture));
        Assert.Equal(pods.Sum(p => (p + 4) / 5) * 15 / 3600.0, nodes.GetProperty("nodeHours").GetDouble(), 9);
        Assert.True(nodes.GetProperty("nodeHours").GetDouble() > 4.5);
        Assert.Contains("node floor on VM group policy nodes (5 pods per node): peak 3 nodes at 2025-01-01T01:40:30Z", _console.Output, StringComparison.Ordinal);
        Assert.Contains("the group's maxReplicas 2 is short by 1", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GroupLargeEnough_ConsoleSaysWithinItsMax()
    {
        _dir.Write("nodes.yaml", Group(maxReplicas: 10));

        var nodes = await Backtest(_dir.Write("web.yaml", Pods));

        Assert.Equal(0, nodes.GetProperty("shortBy").GetInt32());
        Assert.Contains("within the group's maxReplicas 10", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PodFileWithoutItsGroup_RefusedWithTheUnknownPolicy()
    {
        var exit = await Program.RunAsync(["backtest", _dir.Write("web.yaml", Pods), "--trace", TraceFile(), "--no-chart", "--out", OutDir], _console, _time, _errors);

        Assert.Equal(1, exit);
        Assert.Contains("spec.hostedBy: unknown policy \"nodes\"", _errors.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PolicyNotHosted_SummaryHasNoNodeFloor()
    {
        var exit = await Program.RunAsync(
            ["backtest", _dir.Write("web.yaml", Pods.Replace("  hostedBy: nodes\n  podsPerNode: 5\n", "", StringComparison.Ordinal)), "--trace", TraceFile(), "--no-chart", "--out", OutDir],
            _console,
            _time,
            _errors);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "summary.json")));
        Assert.False(json.RootElement.TryGetProperty("nodeFloor", out _));
        Assert.DoesNotContain("node floor", _console.Output, StringComparison.Ordinal);
    }
}
