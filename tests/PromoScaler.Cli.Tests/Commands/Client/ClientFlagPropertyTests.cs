using System.Globalization;
using CsCheck;
using PromoScaler.Cli.Tests.Commands.Backtest;
using PromoScaler.Testing.Admin;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests.Commands.Client;

/// <summary>
/// Every value-taking flag of the client commands, given any value, against a live admin API: the command never
/// throws and never reaches the last line of defence (exit 70); a usage error exits 2 naming the flag, a refusal by
/// the server names the field; no message carries a .NET name.
/// </summary>
public sealed class ClientFlagPropertyTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string[]> Bases = new(StringComparer.Ordinal)
    {
        ["override set"] = ["override", "set", "checkout", "--floor", "3", "--for", "5m", "--reason", "property"],
        ["override set pin"] = ["override", "set", "checkout", "--replicas", "3", "--for", "5m", "--reason", "property"],
        ["override set ceiling"] = ["override", "set", "checkout", "--ceiling", "9", "--for", "5m", "--reason", "property"],
        ["override clear"] = ["override", "clear", "checkout", "--kind", "floor", "--reason", "property"],
        ["pause"] = ["pause", "checkout", "--for", "5m", "--reason", "property"],
        ["resume"] = ["resume", "checkout", "--reason", "property"],
        ["prewarm add"] = ["prewarm", "add", "checkout", "--name", "flash", "--at", "2027-11-11T00:00:00Z", "--replicas", "6", "--lead", "30m", "--hold", "1h", "--ramp-down", "0s", "--timeout", "1m", "--reason", "property"],
        ["prewarm remove"] = ["prewarm", "remove", "checkout", "--name", "flash", "--reason", "property"],
        ["history"] = ["history", "checkout", "--since", "1h"],
        ["audit"] = ["audit", "--since", "1h"],
        ["explain"] = ["explain", "checkout"],
    };

    private AdminApiHost? _host;

    public static TheoryData<string, string> Flags() => new()
    {
        { "override set", "--floor" },
        { "override set pin", "--replicas" },
        { "override set ceiling", "--ceiling" },
        { "override set", "--for" },
        { "override set", "--reason" },
        { "override set", "policy" },
        { "override clear", "--kind" },
        { "override clear", "--reason" },
        { "pause", "--for" },
        { "pause", "--reason" },
        { "resume", "--reason" },
        { "prewarm add", "--name" },
        { "prewarm add", "--at" },
        { "prewarm add", "--replicas" },
        { "prewarm add", "--lead" },
        { "prewarm add", "--hold" },
        { "prewarm add", "--ramp-down" },
        { "prewarm add", "--timeout" },
        { "prewarm add", "--reason" },
        { "prewarm remove", "--name" },
        { "history", "--since" },
        { "audit", "--since" },
        { "explain", "policy" },
        { "explain", "--output" },
    };

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public async Task AnyValue_ExitsWithACodeNamingTheFlagOrField(string command, string flag)
    {
        var host = _host!;
        var values = Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["0123456789smhd.,-+eE:TZ \n"], 0, 30],
            Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Int[-3, 30].Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            Gen.OneOf("2147483648", "99999999999", "1.5", "abc", "0", "7d", "8d", "0s", "2027-11-11T00:00:00+08:00", "9999-12-31T23:59:59Z",
                "0001-01-01T00:00:00Z", "pin", "json", "Flash", "flash\n", new string('9', 5000), ""));

        await values.SampleAsync(async value =>
        {
            var args = Bases[command].ToList();
            if (flag == "policy")
            {
                args[args.IndexOf("checkout")] = value;
            }
            else if (args.IndexOf(flag) is var at and >= 0)
            {
                args[at + 1] = value;
            }
            else
            {
                args.AddRange([flag, value]);
            }

            var (exit, stderr) = await RunAsync(host, args);

            Assert.True(exit is >= ExitCodes.Ok and <= ExitCodes.Conflict, $"exit {exit} for {flag} {Clip(value)}: {Clip(stderr)}");
            BacktestFlagTests.AssertNoInternalNames(stderr);
            if (exit == ExitCodes.Usage && !value.StartsWith('-') && !value.StartsWith('@'))
            {
                // A value that starts like an option or a response file is read as one: that error is about it, not the flag.
                Assert.Contains(flag == "policy" ? "policy" : flag, stderr, StringComparison.Ordinal);
            }

            if (exit == ExitCodes.Invalid)
            {
                Assert.Matches(@"^\d{3} .*\[[^\]]+\]: ", stderr);
            }

            Assert.True(stderr.Length < 2_000, $"{stderr.Length} characters on stderr for {flag} {Clip(value)}");
        }, iter: 80, threads: 1);
    }

    private static async Task<(int Exit, string Stderr)> RunAsync(AdminApiHost host, List<string> args)
    {
        var console = new TestConsole().Width(1000);
        var errors = new TestConsole().Width(1000);
        var exit = await Program.RunAsync([.. args, "--server", host.Address.ToString(), "--token", AdminApiHost.OperatorToken], console, host.Time, errors);
        return (exit, errors.Output);
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
