using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Cli;
using PromoScaler.Core.Engine;
using PromoScaler.Core.History;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;
using Spectre.Console.Testing;

namespace PromoScaler.Daemon.Tests.EndToEnd;

/// <summary>
/// A target at zero against a real daemon (file state, in-process Kubernetes, FakeTimeProvider): an operator's pin at 0
/// ends at its TTL without any further call, also across a restart, and a Deployment scaled to zero by someone else
/// stays stopped until <c>promoscaler resume</c>, which the client names. The policy (minReplicas 1) wants 3 replicas
/// for 300 rps.
/// </summary>
public sealed class ZeroEndToEndTests : ClusterScene
{
    private const string Operator = "op-77e1d2c3b4a59687766554433221100f";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private Dictionary<string, string?> _settings = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var tokens = Scratch.File("tokens");
        await File.WriteAllTextAsync(tokens, $"alice operator sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Operator)))}\n");
        _settings = new() { ["Admin:Api:TokenFile"] = tokens };
    }

    [Fact]
    public async Task PinAtZeroFor5m_TakesTheDeploymentToZero_ShowsTheWayOut_AndScalesBackAtExpiryWithoutAnyCall()
    {
        await using var daemon = await StartAsync(T0);
        var server = await daemon.StartAsync();
        await AdvanceUntilAsync(daemon, () => Replicas() == 3);

        var set = await RunAsync(server, "override", "set", "checkout", "--replicas", "0", "--below-min", "--for", "5m", "--reason", "x");
        var expires = daemon.Time.GetUtcNow() + TimeSpan.FromMinutes(5);
        Assert.True(set.ExitCode == 0, set.Err);
        Assert.Contains("promoscaler resume checkout", set.Out, StringComparison.Ordinal);
        await AdvanceUntilAsync(daemon, () => Replicas() == 0);
        await AdvanceToAsync(daemon, daemon.Time.GetUtcNow() + Interval);
        var status = await RunAsync(server, "status");
        Assert.Contains("promoscaler resume checkout", status.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(" ok", status.Out, StringComparison.Ordinal);
        var explain = await RunAsync(server, "explain", "checkout");
        Assert.Contains("[zeroByOverride]", explain.Out, StringComparison.Ordinal);

        // Still at zero up to the expiry...
        await AdvanceToAsync(daemon, expires - Interval);
        Assert.Equal(0, Replicas());
        // ...and at the first decision after it, back to what the policy asks.
        await AdvanceToAsync(daemon, expires + Interval);
        Assert.True(Replicas() >= 1, $"still {Replicas()} after the pin expired");
        await AdvanceUntilAsync(daemon, () => Replicas() == 3);
        Assert.DoesNotContain("zero", (await RunAsync(server, "status")).Out, StringComparison.Ordinal);
        await daemon.StopAsync();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task PinAtZero_DaemonRestartsBeforeOrAfterItsExpiry_StillEndsAtExpiry(int restartAfterMinutes)
    {
        DateTimeOffset expires;
        await using (var daemon = await StartAsync(T0))
        {
            var server = await daemon.StartAsync();
            await AdvanceUntilAsync(daemon, () => Replicas() == 3);
            var set = await RunAsync(server, "override", "set", "checkout", "--replicas", "0", "--below-min", "--immediate", "--for", "5m", "--reason", "drain");
            Assert.True(set.ExitCode == 0, set.Err);
            expires = daemon.Time.GetUtcNow() + TimeSpan.FromMinutes(5);
            await AdvanceUntilAsync(daemon, () => Replicas() == 0);
            await daemon.StopAsync();
        }

        await using var restarted = await StartAsync(expires - TimeSpan.FromMinutes(5) + TimeSpan.FromMinutes(restartAfterMinutes));
        await restarted.StartAsync();
        await WaitForDecisionAsync(restarted, null);
        if (restarted.Time.GetUtcNow() < expires)
        {
            // The pin and the engine's memory of its zero were read back: still at zero, not "scaled to zero outside".
            Assert.Equal(0, Replicas());
            Assert.Contains(Latest(restarted)!.Explanation, s => s.Code == ReasonCode.ZeroByOverride);
            await AdvanceToAsync(restarted, expires + Interval);
        }

        Assert.NotEqual(ReasonCode.TargetScaledToZero, Latest(restarted)!.Reason);
        await AdvanceUntilAsync(restarted, () => Replicas() == 3);
        await restarted.StopAsync();
    }

    [Fact]
    public async Task DeploymentScaledToZeroOutside_StaysStoppedAndNamesResume_UntilResumeWakesIt()
    {
        await using var daemon = await StartAsync(T0);
        var server = await daemon.StartAsync();
        await AdvanceUntilAsync(daemon, () => Replicas() == 3);

        Server.Put(BuiltInResources.Deployments, KubernetesObjects.Deployment("shop", "checkout", 0, readyReplicas: 0));
        await AdvanceToAsync(daemon, daemon.Time.GetUtcNow() + TimeSpan.FromMinutes(2));
        Assert.Equal(0, Replicas());
        Assert.Equal(ReasonCode.TargetScaledToZero, Latest(daemon)!.Reason);
        var status = await RunAsync(server, "status");
        Assert.Contains("scaled to zero outside PromoScaler", status.Out, StringComparison.Ordinal);
        Assert.Contains("promoscaler resume checkout", status.Out, StringComparison.Ordinal);
        // A floor does not wake it: someone stopped it on purpose.
        Assert.Equal(0, (await RunAsync(server, "override", "set", "checkout", "--floor", "5", "--for", "10m", "--reason", "y")).ExitCode);
        await AdvanceToAsync(daemon, daemon.Time.GetUtcNow() + TimeSpan.FromMinutes(1));
        Assert.Equal(0, Replicas());

        var resumed = await RunAsync(server, "resume", "checkout", "--reason", "maintenance over");

        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("scales from minReplicas", resumed.Out, StringComparison.Ordinal);
        await AdvanceUntilAsync(daemon, () => Replicas() == 5);
        var nothing = await RunAsync(server, "override", "clear", "checkout");
        Assert.Equal(0, nothing.ExitCode);
        Assert.Equal(4, (await RunAsync(server, "resume", "checkout")).ExitCode);
        await daemon.StopAsync();
    }

    private async Task<ClusterDaemon> StartAsync(DateTimeOffset start)
    {
        var daemon = ClusterDaemon.Create(Server, Scratch, Policies, start, _settings);
        daemon.Metrics.Set(DaemonPolicyYaml.Query("checkout"), 300);
        return await Task.FromResult(daemon);
    }

    private static DecisionRecord? Latest(ClusterDaemon daemon) => daemon.Services.GetRequiredService<DecisionLog>().Latest("checkout");

    /// <summary>Waits on the real clock for a decision newer than <paramref name="previous"/>.</summary>
    private static Task<bool> WaitForDecisionAsync(ClusterDaemon daemon, DateTimeOffset? previous) =>
        EventuallyAsync(() => Latest(daemon) is { } last && (previous is null || last.At > previous));

    /// <summary>Moves the daemon's clock an interval at a time to <paramref name="until"/>, waiting for each tick's decision.</summary>
    private static async Task AdvanceToAsync(ClusterDaemon daemon, DateTimeOffset until)
    {
        while (daemon.Time.GetUtcNow() < until)
        {
            var previous = Latest(daemon)?.At;
            daemon.Time.Advance(Interval);
            await WaitForDecisionAsync(daemon, previous);
        }
    }

    /// <summary>Moves the daemon's clock an interval at a time (each lets its loop tick) until <paramref name="condition"/>.</summary>
    private static async Task AdvanceUntilAsync(ClusterDaemon daemon, Func<bool> condition)
    {
        for (var i = 0; i < 40 && !condition(); i++)
        {
            daemon.Time.Advance(Interval);
            await EventuallyAsync(condition, TimeSpan.FromMilliseconds(250), fail: false);
        }

        Assert.True(condition(), "not reached after 40 intervals");
    }

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(Uri server, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var errors = new TestConsole();
        errors.Profile.Width = 1000;
        var exit = await Program.RunAsync([.. args, "--server", server.ToString(), "--token", Operator], console, TimeProvider.System, errors);
        return (exit, console.Output, errors.Output);
    }
}
