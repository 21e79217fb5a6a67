using System.CommandLine;
using Microsoft.Extensions.Options;
using PromoScaler.Cli.Output;
using PromoScaler.Cli.Prometheus;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus.Validation;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>What <c>promoscaler validate</c> was asked to do.</summary>
/// <param name="Paths">Policy files and directories, loaded as one set.</param>
/// <param name="Strict">Warnings are errors.</param>
/// <param name="Output">Report format.</param>
/// <param name="Prometheus">When set, every policy's queries are run once against this Prometheus.</param>
internal sealed record ValidateRequest(IReadOnlyList<string> Paths, bool Strict, OutputFormat Output, Uri? Prometheus = null);

/// <summary>
/// <c>promoscaler validate PATH... [--strict] [--prometheus URL] [--output text|json]</c>: loads the policies exactly
/// as the daemon does and reports every error and warning, one OK line per valid policy, and the next occurrences
/// of every pre-warm and freeze window. With <c>--prometheus</c>, every metric's queries then run once and each
/// metric's series count, value and freshness are reported; a PromQL error, a result that is not exactly one
/// series (an empty result passes under <c>whenEmpty: zero</c>) or a value the engine refuses (NaN, infinite,
/// negative, above <c>maxValue</c>) fails. Exit 0 valid, 1 invalid, 2 usage.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>How many upcoming occurrences of each window are shown.</summary>
    public const int OccurrencesShown = 3;

    /// <param name="console">Where the report goes (stdout).</param>
    /// <param name="time">The clock.</param>
    /// <param name="errors">Where errors that stop the command go (stderr); default <paramref name="console"/>.</param>
    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole? errors = null)
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
        var prometheus = SharedOptions.Prometheus("Also run every policy's queries once against this Prometheus (every source points at it)");
        var output = SharedOptions.Output();

        var command = new Command("validate", "Check policy files as the daemon would load them") { paths, strict, prometheus, output };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new ValidateRequest(parsed.GetValue(paths) ?? [], parsed.GetValue(strict), parsed.GetValue(output), parsed.GetValue(prometheus)),
            console,
            time,
            cancellationToken,
            errors));
        return command;
    }

    /// <summary>The command's one step, called directly by tests.</summary>
    public static async Task<int> RunAsync(ValidateRequest request, IAnsiConsole console, TimeProvider time, CancellationToken cancellationToken, IAnsiConsole? errors = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        errors ??= console;

        var now = time.GetUtcNow();
        var result = CliPolicyLoader.LoadPaths(request.Paths, now, request.Strict);
        PrometheusCheckReport? checks = null;
        if (request.Prometheus is { } url && result.Succeeded)
        {
            try
            {
                checks = await CheckAsync(url, result.Policies, now, cancellationToken);
            }
            catch (OptionsValidationException ex)
            {
                errors.MarkupLine($"[red]--prometheus: {Markup.Escape(string.Join("; ", ex.Failures))}[/]");
                return ExitCodes.Invalid;
            }
        }

        var report = ValidationReport.Build(result, now, OccurrencesShown, checks);
        if (request.Output == OutputFormat.Json)
        {
            ValidationJsonWriter.Write(report, console.Profile.Out.Writer);
        }
        else
        {
            ValidationTextWriter.Write(report, console);
        }

        return report.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static async Task<PrometheusCheckReport> CheckAsync(Uri url, IReadOnlyList<ScalingPolicy> policies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = PrometheusConnection.Open(url, policies);
        // The checker reads "now" once; it is the same instant as the window occurrences above.
        var checker = new PrometheusPolicyChecker(connection.Source, new FixedTime(now));
        var metrics = policies.SelectMany(p => p.Spec.Metrics.Select(m => (p.Name, m))).ToList();
        var checks = await checker.CheckAsync(metrics, cancellationToken);
        return new PrometheusCheckReport(url, now, [.. metrics.Zip(checks, (m, c) => new CheckedMetric(m.m, c))]);
    }

    /// <summary>A clock stopped at one instant, so every query of one validation is evaluated at the same time.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
