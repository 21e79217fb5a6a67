using PromoScaler.Cli.Tests.Commands.Backtest;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Client;

/// <summary>Bad values of the client commands' flags: exit 2 naming the flag, before any request, never a crash.</summary>
public sealed class ClientFlagTests
{
    [Theory]
    [InlineData("--replicas", "abc", "is not a whole number")]
    [InlineData("--replicas", "1.5", "is not a whole number")]
    [InlineData("--replicas", "99999999999", "is out of range")]
    [InlineData("--replicas", "-1", "is out of range")]
    [InlineData("--replicas", "12\n", "is not a whole number")]
    [InlineData("--floor", "99999999999", "is out of range")]
    [InlineData("--floor", "0", "is out of range")]
    [InlineData("--ceiling", "2147483648", "is out of range")]
    [InlineData("--ceiling", "1e3", "is not a whole number")]
    public async Task OverrideSet_BadCount_Exits2NamingTheFlag(string flag, string value, string expected)
    {
        var (exit, stdout, stderr) = await RunAsync("override", "set", "checkout", flag, value, "--for", "5m", "--reason", "x");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Empty(stdout);
        Assert.Contains($"{flag}: ", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        BacktestFlagTests.AssertNoInternalNames(stderr);
    }

    [Theory]
    [InlineData("--replicas", "abc")]
    [InlineData("--replicas", "0")]
    [InlineData("--replicas", "2147483648")]
    [InlineData("--name", "Double_11")]
    [InlineData("--name", "flash\n")]
    [InlineData("--at", "2027-11-11T00:00:00")]
    [InlineData("--at", "2027-11-11T00:00:00Z\n")]
    [InlineData("--lead", "30")]
    [InlineData("--timeout", "soon")]
    public async Task PrewarmAdd_BadValue_Exits2NamingTheFlag(string flag, string value)
    {
        string[] valid = ["--name", "flash", "--at", "2027-11-11T00:00:00Z", "--replicas", "6", "--lead", "30m", "--timeout", "1m"];
        var i = Array.IndexOf(valid, flag);
        valid[i + 1] = value;

        var (exit, _, stderr) = await RunAsync(["prewarm", "add", "checkout", .. valid]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"{flag}: ", stderr, StringComparison.Ordinal);
        BacktestFlagTests.AssertNoInternalNames(stderr);
    }

    [Theory]
    [InlineData("check out", "explain")]
    [InlineData("Checkout", "pause", "--for", "1h", "--reason", "r")]
    [InlineData("checkout\n", "resume")]
    public async Task PolicyArgument_NotAName_Exits2NamingIt(string policy, string command, params string[] rest)
    {
        var (exit, _, stderr) = await RunAsync([command, policy, .. rest]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("policy: ", stderr, StringComparison.Ordinal);
        Assert.Contains("is not a name", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideClear_UnknownKind_Exits2ListingTheKinds()
    {
        var (exit, _, stderr) = await RunAsync("override", "clear", "checkout", "--kind", "pinn");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--kind: \"pinn\" is not an override kind: one of pin, floor, ceiling, freezeScaleDown, freezeScaleUp", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideSet_HugeValue_IsEchoedClipped()
    {
        var (exit, _, stderr) = await RunAsync("override", "set", "checkout", "--replicas", new string('9', 60_000), "--for", "5m", "--reason", "x");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.True(stderr.Length < 400, stderr);
        Assert.Contains("(60000 characters)", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs against a port nothing listens on: a bad flag must fail before any request is tried.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var console = new TestConsole().Width(1000);
        var errors = new TestConsole().Width(1000);
        var exit = await Program.RunAsync([.. args, "--server", "http://127.0.0.1:9"], console, TimeProvider.System, errors);
        Assert.DoesNotContain("cannot reach", errors.Output, StringComparison.Ordinal);
        return (exit, console.Output, errors.Output);
    }
}
