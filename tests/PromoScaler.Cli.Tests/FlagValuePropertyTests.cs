using System.CommandLine;
using CsCheck;
using PromoScaler.Cli.Commands;
using PromoScaler.Cli.Commands.Backtest;
using Spectre.Console.Testing;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Cli.Tests.Commands.Backtest;

namespace PromoScaler.Cli.Tests;

/// <summary>
/// Every flag that takes a value, given any value: the command line either parses, or fails with messages that
/// name the flag and no internal type; parsing never throws, and reading the parsed values never throws.
/// </summary>
public sealed class FlagValuePropertyTests
{
    public static TheoryData<string, string> ValueFlags() => new()
    {
        { "backtest", "--trace" },
        { "backtest", "--prometheus" },
        { "backtest", "--step" },
        { "backtest", "--export-trace" },
        { "backtest", "--out" },
        { "backtest", "--from" },
        { "backtest", "--to" },
        { "backtest", "--metric-delay" },
        { "backtest", "--metric-window" },
        { "backtest", "--capacity-per-replica" },
        { "backtest", "--demand-metric" },
        { "backtest", "--policy-name" },
        { "backtest", "--disable" },
        { "backtest", "--perfect-forecast" },
        { "backtest", "--output" },
        { "validate", "--prometheus" },
        { "validate", "--output" },
    };

    [Theory]
    [MemberData(nameof(ValueFlags))]
    public void Parse_AnyValue_ParsesOrNamesTheFlagWithoutTypeNames(string command, string flag)
    {
        var options = new BacktestOptions();
        var backtest = new Command("backtest");
        options.AddTo(backtest);
        var root = new RootCommand { backtest, ValidateCommand.Create(new TestConsole(), new FakeTimeProvider(CliRunner.Now)) };
        var value = Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["0123456789smhd.,-+eE:TZ "], 0, 30],
            Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "d"),
            Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Const(new string('9', 400)),
            Gen.Const(""));

        value.Sample(
            text =>
            {
                // A valid base without the flag under test, then the flag, so its own value decides the outcome.
                string[] args = command == "backtest"
                    ? ["backtest", "p.yaml", .. flag == "--trace" ? Array.Empty<string>() : ["--trace", "t.csv"], .. flag == "--out" ? Array.Empty<string>() : ["--out", "out"], flag, text]
                    : ["validate", "p.yaml", flag, text];
                var parsed = root.Parse(args);
                foreach (var error in parsed.Errors)
                {
                    BacktestFlagTests.AssertNoInternalNames(error.Message);
                }

                // A value such as "-h:x" is the help option, not the flag's value: the CLI then prints help and runs nothing.
                if (parsed.Errors.Count == 0 && command == "backtest" && parsed.Action is not System.CommandLine.Help.HelpAction)
                {
                    _ = options.ToRequest(parsed); // every value the run will read
                }
            },
            iter: 300,
            threads: 1);
    }
}
