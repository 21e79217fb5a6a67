using System.CommandLine;
using PromoScaler.Cli.Output;
using PromoScaler.Core.Policies.Loading;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>What <c>promoscaler validate</c> was asked to do.</summary>
/// <param name="Paths">Policy files and directories, loaded as one set.</param>
/// <param name="Strict">Warnings are errors.</param>
/// <param name="Output">Report format.</param>
internal sealed record ValidateRequest(IReadOnlyList<string> Paths, bool Strict, OutputFormat Output);

/// <summary>
/// <c>promoscaler validate PATH... [--strict] [--output text|json]</c>: loads the policies exactly as the daemon
/// does and reports every error and warning, one OK line per valid policy, and the next occurrences of every
/// pre-warm and freeze window. Exit 0 valid, 1 invalid, 2 usage.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>How many upcoming occurrences of each window are shown.</summary>
    public const int OccurrencesShown = 3;

    public static Command Create(IAnsiConsole console, TimeProvider time)
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Policy files or directories (every *.yaml and *.yml in a directory)",
            Arity = ArgumentArity.OneOrMore,
        };
        // A misspelt option would otherwise be taken for a path and reported as a missing file (exit 1, not 2).
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"Unrecognized option '{token.Value}' (write ./{token.Value} for a file of that name).");
            }
        });
        var strict = new Option<bool>("--strict") { Description = "Treat warnings as errors" };
        var output = SharedOptions.Output();

        var command = new Command("validate", "Check policy files as the daemon would load them") { paths, strict, output };
        command.SetAction(parsed => Run(
            new ValidateRequest(parsed.GetValue(paths) ?? [], parsed.GetValue(strict), parsed.GetValue(output)),
            console,
            time));
        return command;
    }

    /// <summary>The command's one step, called directly by tests.</summary>
    public static int Run(ValidateRequest request, IAnsiConsole console, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var result = PolicyLoader.LoadPaths(request.Paths, now, request.Strict);
        var report = ValidationReport.Build(result, now, OccurrencesShown);
        if (request.Output == OutputFormat.Json)
        {
            ValidationJsonWriter.Write(report, console.Profile.Out.Writer);
        }
        else
        {
            ValidationTextWriter.Write(report, console);
        }

        return result.Succeeded ? ExitCodes.Ok : ExitCodes.Invalid;
    }
}
