using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using Spectre.Console.Testing;

namespace PromoScaler.Cli.Tests;

/// <summary>The executable's last line of defence and the exit codes every command shares.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task RunAsync_CommandThrowsUnexpectedly_OneLineOnTheErrorConsoleAndExit70()
    {
        // A report writer that fails in a way no command handles stands for any defect.
        var broken = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new FailingWriter()) });
        var errors = new TestConsole().Width(1000);

        var exit = await Program.RunAsync(["validate", Path.Combine(CliRunner.Examples, "checkout-api.yaml")], broken, new FakeTimeProvider(CliRunner.Now), errors);

        Assert.Equal(ExitCodes.Software, exit);
        var lines = errors.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("promoscaler validate: unexpected failure", line, StringComparison.Ordinal);
        Assert.Contains("the disk is on fire", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at PromoScaler.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("backtest")]
    public async Task RunAsync_OutputValuesOfEveryCommand_TheSameSpellingAndMessage(string command)
    {
        string[] rest = command == "backtest" ? ["--trace", "t.csv", "--out", "out"] : [];
        var (exitText, _) = await RunAsync([command, "p.yaml", .. rest, "--output", "text"]);
        var (exitTable, tableErrors) = await RunAsync([command, "p.yaml", .. rest, "--output", "table"]);

        Assert.NotEqual(ExitCodes.Usage, exitText); // text is accepted (the run then fails on the missing file)
        Assert.Equal(ExitCodes.Usage, exitTable);
        Assert.Contains("--output: \"table\" is not one of text, json", tableErrors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("backtest")]
    public async Task RunAsync_Help_NamesOutputValuesNotTheirType(string command)
    {
        var console = new TestConsole().Width(1000);

        await Program.RunAsync([command, "--help"], console, new FakeTimeProvider(CliRunner.Now));

        Assert.Contains("--output <text|json>", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("OutputFormat", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("None", console.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Errors)> RunAsync(string[] args)
    {
        var errors = new TestConsole().Width(1000);
        var exit = await Program.RunAsync(args, new TestConsole(), new FakeTimeProvider(CliRunner.Now), errors);
        return (exit, errors.Output);
    }

    private sealed class FailingWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new NotSupportedException("the disk is on fire\n(second line)");

        public override void Write(string? value) => throw new NotSupportedException("the disk is on fire\n(second line)");
    }
}
