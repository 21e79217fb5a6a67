using Microsoft.Extensions.Time.Testing;
using PromoScaler.Testing.Admin;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Client;

/// <summary>
/// The client shows durations from the daemon's clock (the API's <c>remaining</c>), never its own: a demo's daemon
/// runs a simulated clock, here a fake one while the client's clock is two hours ahead.
/// </summary>
public sealed class DaemonClockTests
{
    [Fact]
    public async Task Commands_ShowTimeLeftOnTheDaemonsClock_NotTheClients()
    {
        await using var host = await AdminApiHost.StartAsync();
        var set = await RunAsync(host, "override", "set", "checkout", "--floor", "4", "--for", "30m", "--reason", "demo");
        var paused = await RunAsync(host, "pause", "search", "--for", "45m", "--reason", "demo");
        var start = host.Time.GetUtcNow().AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await RunAsync(host, "prewarm", "add", "checkout", "--name", "sale", "--at", start, "--replicas", "6", "--lead", "30m")).ExitCode);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        EngineRun.Decide(host, "checkout", specReplicas: 4, rps: 250);

        var list = await RunAsync(host, "override", "list");
        var status = await RunAsync(host, "status");
        var explain = await RunAsync(host, "explain", "checkout");
        var prewarms = await RunAsync(host, "prewarm", "list");

        Assert.Contains("(30m)", set.Out, StringComparison.Ordinal);
        Assert.Contains("(45m)", paused.Out, StringComparison.Ordinal);
        Assert.Contains(" 20m ", list.Out, StringComparison.Ordinal);
        Assert.Matches(@"search\s.*\s35m\s", status.Out);
        Assert.Contains("override floor=4 by alice for 20m", explain.Out, StringComparison.Ordinal);
        Assert.Contains("(0s ago on the daemon's clock)", explain.Out, StringComparison.Ordinal);
        Assert.Contains("in 20m", prewarms.Out, StringComparison.Ordinal);
        Assert.All(new[] { list, status, explain, prewarms }, r => Assert.DoesNotContain("expired", r.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverrideSetPinAtZero_NamesHowItEnds_AndStatusShowsTheZeroState()
    {
        await using var host = await AdminApiHost.StartAsync();

        var set = await RunAsync(host, "override", "set", "checkout", "--replicas", "0", "--below-min", "--for", "5m", "--reason", "x");
        var status = await RunAsync(host, "status");
        var explain = await RunAsync(host, "explain", "checkout");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("promoscaler resume checkout (or promoscaler override clear checkout)", set.Out, StringComparison.Ordinal);
        var row = status.Out.Split('\n').Single(l => l.StartsWith("checkout ", StringComparison.Ordinal));
        Assert.Contains("zero 5m", row, StringComparison.Ordinal);
        Assert.DoesNotContain(" ok", row, StringComparison.Ordinal);
        Assert.Contains("checkout: held at 0 by alice's pin below minReplicas", status.Out.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("End it now: promoscaler resume checkout", explain.Out.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_PinAtZero_SaysWhatItEnded()
    {
        await using var host = await AdminApiHost.StartAsync();
        await RunAsync(host, "override", "set", "checkout", "--replicas", "0", "--below-min", "--for", "5m", "--reason", "x");

        var resumed = await RunAsync(host, "resume", "checkout");

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("checkout resumed: pin at 0 by alice cleared (x)", resumed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideClear_PinAtZero_SaysThePolicyScalesAgain()
    {
        await using var host = await AdminApiHost.StartAsync();
        await RunAsync(host, "override", "set", "checkout", "--replicas", "0", "--below-min", "--for", "5m", "--reason", "x");

        var cleared = await RunAsync(host, "override", "clear", "checkout");

        Assert.Equal(0, cleared.ExitCode);
        Assert.Contains("override pin=0 cleared on checkout; it scales as the policy says", cleared.Out, StringComparison.Ordinal);
    }

    /// <summary>The client's clock is two hours ahead of the daemon's.</summary>
    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(AdminApiHost host, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 100;
        var errors = new TestConsole();
        errors.Profile.Width = 1000;
        var clientClock = new FakeTimeProvider(host.Time.GetUtcNow().AddHours(2));
        var exitCode = await Program.RunAsync([.. args, "--server", host.Address.ToString(), "--token", AdminApiHost.OperatorToken], console, clientClock, errors);
        return (exitCode, console.Output, errors.Output);
    }
}
