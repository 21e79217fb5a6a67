using System.CommandLine;
using PromoScaler.Cli.Commands;
using PromoScaler.Cli.Commands.Backtest;
using PromoScaler.Cli.Commands.Client;
using Spectre.Console;

namespace PromoScaler.Cli;

/// <summary>
/// The <c>promoscaler</c> executable: the table of commands, usage errors as exit code 2, and the last line of
/// defence: an exception no command handled is one line on stderr and exit 70, never a stack trace on stdout.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args) =>
        RunAsync(args, CreateConsole(Console.Out, Console.IsOutputRedirected), TimeProvider.System, errors: CreateConsole(Console.Error, Console.IsErrorRedirected));

    /// <summary>Parses and runs <paramref name="args"/>; tests call this with a TestConsole and a FakeTimeProvider.</summary>
    internal static int Run(string[] args, IAnsiConsole console, TimeProvider time) =>
        RunAsync(args, console, time).GetAwaiter().GetResult();

    /// <summary>Parses and runs <paramref name="args"/>; Ctrl+C cancels a command that queries a server.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where reports go (stdout).</param>
    /// <param name="time">The clock.</param>
    /// <param name="errors">Where usage errors and every command's errors go (stderr); default <paramref name="console"/>.</param>
    /// <param name="cancellationToken">Cancels a command that queries a server.</param>
    internal static async Task<int> RunAsync(string[] args, IAnsiConsole console, TimeProvider time, IAnsiConsole? errors = null, CancellationToken cancellationToken = default)
    {
        errors ??= console;
        var root = new RootCommand("PromoScaler: predictive and scheduled autoscaling for promotion peaks.");
        root.Subcommands.Add(ValidateCommand.Create(console, time, errors));
        root.Subcommands.Add(BacktestCommand.Create(console, time, errors));
        root.Subcommands.Add(RunCommand.Create(console, time, errors));
        root.Subcommands.Add(DemoCommand.Create(console, time, errors));
        root.Subcommands.Add(PreflightCommand.Create(console, time, errors));
        root.Subcommands.Add(StatusCommand.Create(console, errors));
        root.Subcommands.Add(ExplainCommand.Create(console, errors));
        root.Subcommands.Add(HistoryCommand.Create(console, errors));
        root.Subcommands.Add(OverrideCommand.Create(console, errors));
        root.Subcommands.Add(PauseCommands.Pause(console, errors));
        root.Subcommands.Add(PauseCommands.Resume(console, errors));
        root.Subcommands.Add(PrewarmCommand.Create(console, time, errors));
        root.Subcommands.Add(AuditCommand.Create(console, errors));
        root.Subcommands.Add(CrdCommand.Create(console));
        root.Subcommands.Add(CompletionCommand.Create(console));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                errors.MarkupLine($"[red]{Markup.Escape(error.Message)}[/]");
            }

            errors.WriteLine($"Run '{parsed.CommandResult.Command.Name} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = errors.Profile.Out.Writer, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errors.MarkupLine("[red]cancelled[/]");
            return ExitCodes.Invalid;
        }
        catch (Exception ex)
        {
            // A defect: whatever input reached here should have been refused with a positioned message.
            var message = string.Join(' ', ex.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            errors.WriteLine($"promoscaler {parsed.CommandResult.Command.Name}: unexpected failure, please report it: {message}");
            return ExitCodes.Software;
        }
    }

    /// <summary>
    /// The process console. When stdout is redirected (CI, pipes) lines must not be wrapped at a guessed width:
    /// each diagnostic stays on one line for grep and for tools that parse <c>file:line:col</c>.
    /// </summary>
    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = 100_000;
        }

        return console;
    }
}
