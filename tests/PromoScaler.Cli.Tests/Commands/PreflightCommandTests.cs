using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Commands;
using PromoScaler.Cli.Tests.Infrastructure;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Ports;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands;

public sealed class PreflightCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A policy on <paramref name="target"/> with the given pre-warm items, extra lines under spec and under guardrails.</summary>
    internal static string Policy(string name, string target, int maxReplicas, string prewarm, string guardrails = "", string spec = "") => $"""
        apiVersion: promoscaler.io/v1
        kind: ScalingPolicy
        metadata:
          name: {name}
        spec:
          target: {target}
        {spec}
          metrics:
            - name: rps
              query: sum(rate(http_requests_total[2m]))
              targetPerReplica: 100
          prewarm:
        {prewarm}
          guardrails:
            maxReplicas: {maxReplicas}
        {guardrails}
        """;

    private const string Deployment = "{ kind: Deployment, namespace: shop, name: web }";
    private const string Group = "{ kind: TencentCloudAutoScalingGroup, region: ap-guangzhou, groupId: asg-web01 }";
    private const string Double11 = "    - { name: double-11, start: 2026-11-11T00:00:00+08:00, lead: 30m, replicas: 40, hold: 2h }";

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(PreflightRequest request, IScaleTargetProvider? groups = null)
    {
        var console = new TestConsole();
        console.Profile.Width = 1000;
        var errors = new TestConsole();
        var exit = await PreflightCommand.RunAsync(request, console, errors, new FakeTimeProvider(Now), groups, CancellationToken.None);
        return (exit, console.Output, errors.Output);
    }

    private PreflightRequest Request(bool json = false, bool offline = true, TimeSpan? within = null) =>
        new(_dir.Path, within ?? PreflightCommand.DefaultWithin, null, offline, json);

    [Fact]
    public async Task RunAsync_FloorWithinEveryLimit_Exits0()
    {
        _dir.Write("web.yaml", Policy("web", Deployment, 60, Double11));

        var (exit, output, _) = await RunAsync(Request());

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Every pre-warm can reach its floor.", output, StringComparison.Ordinal);
        Assert.Contains("double-11", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FloorAboveMaxReplicas_SaysByHowMuchAndExits1()
    {
        _dir.Write("web.yaml", Policy("web", Deployment, 30, Double11));

        var (exit, output, _) = await RunAsync(Request(json: true));

        Assert.Equal(ExitCodes.Invalid, exit);
        using var json = JsonDocument.Parse(output);
        var prewarm = Assert.Single(json.RootElement.GetProperty("prewarms").EnumerateArray());
        Assert.True(json.RootElement.GetProperty("clipped").GetBoolean());
        Assert.Equal(40, prewarm.GetProperty("floor").GetInt32());
        Assert.Equal(30, prewarm.GetProperty("reachable").GetInt32());
        var block = Assert.Single(prewarm.GetProperty("blocks").EnumerateArray());
        Assert.Equal("maxReplicas", block.GetProperty("limit").GetString());
        Assert.Equal(10, block.GetProperty("short").GetInt32());
    }

    [Fact]
    public async Task RunAsync_PrewarmOutsideTheWindow_NotChecked()
    {
        _dir.Write("web.yaml", Policy("web", Deployment, 30, Double11));

        var (exit, output, _) = await RunAsync(Request(within: TimeSpan.FromHours(2)));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Pre-warms active between 2026-11-10T12:00:00Z and 2026-11-10T14:00:00Z: 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FloorAboveBudget_NotedButNotABlock()
    {
        _dir.Write("web.yaml", Policy("web", Deployment, 60, Double11, "    budget: { pricePerReplicaHour: 1, maxPerHour: 25 }"));

        var (exit, output, _) = await RunAsync(Request(json: true));

        Assert.Equal(ExitCodes.Ok, exit);
        var notes = JsonDocument.Parse(output).RootElement.GetProperty("prewarms")[0].GetProperty("notes")[0].GetString();
        Assert.Equal("floor exceeds the budget's 25 replicas by 15 (allowed: a pre-warm is never cut by the budget)", notes);
    }

    [Fact]
    public async Task RunAsync_VmGroupMaxSizeBelowFloor_BlocksAndExits1()
    {
        _dir.Write("nodes.yaml", Policy("nodes", Group, 60, Double11));

        var (exit, output, _) = await RunAsync(Request(json: true, offline: false), new GroupWithMaxSize(25));

        Assert.Equal(ExitCodes.Invalid, exit);
        var block = JsonDocument.Parse(output).RootElement.GetProperty("prewarms")[0].GetProperty("blocks")[0];
        Assert.Equal("group MaxSize", block.GetProperty("limit").GetString());
        Assert.Equal(25, block.GetProperty("value").GetInt32());
        Assert.Equal(15, block.GetProperty("short").GetInt32());
    }

    [Fact]
    public async Task RunAsync_VmGroupUnreadable_NotedAndNotFatal()
    {
        _dir.Write("nodes.yaml", Policy("nodes", Group, 60, Double11));

        var (exit, output, _) = await RunAsync(Request(json: true, offline: false), new GroupWithMaxSize(null));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            "group MaxSize not checked: Forbidden: environment TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY/TENCENTCLOUD_SESSION_TOKEN: not set",
            JsonDocument.Parse(output).RootElement.GetProperty("prewarms")[0].GetProperty("notes")[0].GetString());
    }

    [Fact]
    public async Task RunAsync_InvalidPolicy_ErrorsOnStderrAndExits1()
    {
        _dir.Write("web.yaml", Policy("web", Deployment, 0, Double11));

        var (exit, output, errors) = await RunAsync(Request());

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Empty(output);
        Assert.Contains("web.yaml:", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadWithin_IsAUsageError()
    {
        var (exit, _) = CliRunner.Run("preflight", _dir.Path, "--within", "2 days");

        Assert.Equal(ExitCodes.Usage, exit);
    }

    /// <summary>A VM group provider that answers MaxSize (or, with null, the credential problem a real one reports).</summary>
    private sealed class GroupWithMaxSize(int? maxSize) : IScaleTargetProvider, IScaleTarget
    {
        public TargetRef Target { get; private set; } = null!;

        public bool Serves(TargetRef target) => target.IsVmGroup;

        public IScaleTarget Create(TargetRef target)
        {
            Target = target;
            return this;
        }

        public ValueTask<TargetRead> ObserveAsync(CancellationToken cancellationToken) => ValueTask.FromResult(maxSize is { } m
            ? TargetRead.Of(new TargetObservation(4), new Dictionary<string, string> { ["MinSize"] = "2", ["MaxSize"] = $"{m}" })
            : TargetRead.Failed(TargetOutcome.Forbidden, "environment TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY/TENCENTCLOUD_SESSION_TOKEN: not set"));

        public ValueTask<TargetWrite> WriteAsync(ScaleRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("preflight never writes");
    }
}
