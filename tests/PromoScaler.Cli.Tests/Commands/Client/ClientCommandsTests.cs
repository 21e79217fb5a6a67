using System.Text.Json;
using PromoScaler.Testing.Admin;

namespace PromoScaler.Cli.Tests.Commands.Client;

public sealed class ClientCommandsTests
{
    [Fact]
    public async Task OverrideSet_ThenStatus_ShowsTheOverrideInTheRow()
    {
        await using var host = await AdminApiHost.StartAsync();

        var set = await ClientRunner.RunAsync(host, AdminApiHost.OperatorToken, "override", "set", "checkout", "--floor", "4", "--for", "30m", "--reason", "incident 42");
        EngineRun.Decide(host, "checkout", specReplicas: 3, rps: 250);
        var status = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "status");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("override floor=4 set on checkout by alice", set.Out, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        var row = status.Out.Split('\n').Single(l => l.StartsWith("checkout", StringComparison.Ordinal));
        Assert.Contains("floor=4", row, StringComparison.Ordinal);
        Assert.Contains("Deployment/checkout-api", row, StringComparison.Ordinal);
        Assert.All(status.Out.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 100, l));
    }

    [Fact]
    public async Task Status_DegradedPolicyAndDaemonProblems_NameTheFailingPartNotOk()
    {
        await using var host = await AdminApiHost.StartAsync();
        host.Policies.Add(host.Policies.Find("checkout")!.Policy, "metrics: rps readFailed (connection refused); capacity is held (no scale-down)", "write: the target refused the last write: forbidden: no");
        host.Health.Problems.Add("metric source failing since 2026-11-25T12:00:00Z: rps: ReadFailed (connection refused); capacity is held");
        host.Health.Warnings.Add("state partly lost at load: ...; the document as it was is kept in state.json.corrupt-20261125T120000Z");

        var status = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "status");

        Assert.Equal(0, status.ExitCode);
        var row = status.Out.Split('\n').Single(l => l.StartsWith("checkout ", StringComparison.Ordinal));
        Assert.Contains("checkout: metrics: rps readFailed", status.Out, StringComparison.Ordinal);
        Assert.EndsWith("metrics,write", row.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(" ok", row, StringComparison.Ordinal);
        Assert.Contains("daemon: NOT READY", status.Out, StringComparison.Ordinal);
        Assert.Contains("daemon: metric source failing", status.Out, StringComparison.Ordinal);
        Assert.Contains("daemon warning: state partly lost", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusJson_IsTheApiDocument()
    {
        await using var host = await AdminApiHost.StartAsync();

        var status = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "status", "--output", "json");

        Assert.Equal(0, status.ExitCode);
        using var document = JsonDocument.Parse(status.Out);
        Assert.Equal(["checkout", "search"], document.RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Explain_ShowsEveryStepInWords()
    {
        await using var host = await AdminApiHost.StartAsync();
        var decision = EngineRun.Decide(host, "checkout", specReplicas: 3, rps: 750);

        var explain = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "explain", "checkout");

        Assert.Equal(0, explain.ExitCode);
        Assert.Contains($"3 -> {decision.Desired}", explain.Out, StringComparison.Ordinal);
        Assert.Contains("[reactiveProposal] Metric rps = 750 proposes 8 replicas", explain.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 3, "explain", "checkout")]
    [InlineData("viewer", 3, "pause", "checkout", "--for", "1h", "--reason", "r")]
    [InlineData("ci", 3, "status")]
    [InlineData("viewer", 4, "explain", "nope")]
    [InlineData("operator", 4, "resume", "checkout")]
    [InlineData("operator", 1, "override", "set", "checkout", "--replicas", "500", "--for", "1h", "--reason", "r")]
    [InlineData("operator", 2, "override", "set", "checkout", "--floor", "3", "--ceiling", "4", "--for", "1h", "--reason", "r")]
    [InlineData("operator", 2, "override", "set", "checkout", "--floor", "3", "--for", "soon", "--reason", "r")]
    [InlineData("operator", 2, "history", "checkout", "--since", "yesterday")]
    public async Task Command_Failure_ExitsWithItsCode(string? role, int expected, params string[] args)
    {
        await using var host = await AdminApiHost.StartAsync();
        var token = role switch
        {
            "viewer" => AdminApiHost.ViewerToken,
            "ci" => AdminApiHost.CiToken,
            "operator" => AdminApiHost.OperatorToken,
            _ => null,
        };

        var result = await ClientRunner.RunAsync(host, token, args);

        Assert.Equal(expected, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.NotEmpty(result.Err);
    }

    [Fact]
    public async Task PrewarmAdd_DifferentValuesSameName_ExitsConflictUnlessReplace()
    {
        await using var host = await AdminApiHost.StartAsync();
        string[] add = ["prewarm", "add", "checkout", "--name", "double-11", "--at", "2027-11-11T00:00:00+08:00", "--lead", "30m", "--hold", "2h"];

        var first = await ClientRunner.RunAsync(host, AdminApiHost.CiToken, [.. add, "--replicas", "12"]);
        var again = await ClientRunner.RunAsync(host, AdminApiHost.CiToken, [.. add, "--replicas", "12"]);
        var different = await ClientRunner.RunAsync(host, AdminApiHost.CiToken, [.. add, "--replicas", "14"]);
        var replaced = await ClientRunner.RunAsync(host, AdminApiHost.CiToken, [.. add, "--replicas", "14", "--replace"]);
        var list = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "prewarm", "list");

        Assert.Equal((0, 0, 5, 0), (first.ExitCode, again.ExitCode, different.ExitCode, replaced.ExitCode));
        Assert.Contains("unchanged", again.Out, StringComparison.Ordinal);
        Assert.Contains("409", different.Err, StringComparison.Ordinal);
        Assert.Contains("double-11", list.Out, StringComparison.Ordinal);
        Assert.Contains("14", list.Out.Split('\n').Single(l => l.Contains("double-11", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrewarmAddWait_ReturnsOnceTheTargetReportsTheFloor()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var stop = new CancellationTokenSource();
        // The daemon's part, on the host's clock: a decision every poll interval, the target taking what was decided.
        var loop = Task.Run(async () =>
        {
            var spec = 2;
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
                spec = EngineRun.Decide(host, "checkout", spec, rps: 100).Desired;
                host.Time.Advance(TimeSpan.FromSeconds(2));
            }
        });

        var result = await ClientRunner.RunAsync(host, AdminApiHost.CiToken,
            "prewarm", "add", "checkout", "--name", "flash", "--at", "2027-11-10T12:05:00Z", "--replicas", "6", "--lead", "5m", "--wait", "--timeout", "5m");
        await stop.CancelAsync();
        await loop;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("pre-warm flash applied: the target reports 6 replicas", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrewarmAddWait_AboveMaxReplicas_FailsWithTheDecisionsReason()
    {
        await using var host = await AdminApiHost.StartAsync();
        using var ci = host.Client(AdminApiHost.CiToken);
        var body = """{"start":"2027-11-10T12:05:00Z","replicas":50,"lead":"5m"}""";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        (await ci.PutAsync("/api/v1/policies/checkout/prewarms/huge", content)).Dispose();
        EngineRun.Decide(host, "checkout", specReplicas: 20, rps: 100);

        var result = await ClientRunner.RunAsync(host, AdminApiHost.CiToken,
            "prewarm", "add", "checkout", "--name", "huge", "--at", "2027-11-10T12:05:00Z", "--replicas", "50", "--lead", "5m", "--wait");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("prewarmClampedToMax", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseResumeAudit_AreRecordedWithWhoAndWhy()
    {
        await using var host = await AdminApiHost.StartAsync();

        var pause = await ClientRunner.RunAsync(host, AdminApiHost.OperatorToken, "pause", "checkout", "--for", "1h", "--reason", "db failover");
        var resume = await ClientRunner.RunAsync(host, AdminApiHost.OperatorToken, "resume", "checkout", "--reason", "db back");
        var audit = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "audit", "--since", "1h");
        var auditJson = await ClientRunner.RunAsync(host, AdminApiHost.ViewerToken, "audit", "--output", "json");

        Assert.Equal((0, 0, 0), (pause.ExitCode, resume.ExitCode, audit.ExitCode));
        Assert.Contains("db failover", audit.Out, StringComparison.Ordinal);
        Assert.Contains("alice", audit.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(auditJson.Out);
        Assert.Equal(["pause", "resume"], document.RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        foreach (var output in new[] { pause, resume, audit, auditJson })
        {
            Assert.DoesNotContain(AdminApiHost.OperatorToken, output.Out + output.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnyCommand_ServerUnreachable_ExitsOne()
    {
        var console = new Spectre.Console.Testing.TestConsole();

        var exitCode = await Program.RunAsync(["status", "--server", "http://127.0.0.1:9"], console, TimeProvider.System, console);

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot reach", console.Output, StringComparison.Ordinal);
    }
}
