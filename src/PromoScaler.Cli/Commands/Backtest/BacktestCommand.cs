using System.CommandLine;
using Microsoft.Extensions.Options;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Engine;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.Validation;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>
/// <c>promoscaler backtest POLICY.yaml (--trace FILE.csv | --prometheus URL --from T1 --to T2 [--step S]
/// [--export-trace FILE]) --out DIR</c>: replays the policy on the trace through the engine the daemon uses, with
/// the HPA baseline and its frontier on the same signal, and writes decisions.csv, components.csv, windows.csv,
/// summary.json and backtest.png (all or nothing). From Prometheus, each metric's own query is evaluated with query_range at the
/// step (plus the prediction history before T1) and becomes the trace; the metric delay defaults to 0s and there is
/// no metric window, since the query's own range window already smooths. Exit 0 ok, 1 bad input, 2 usage.
/// </summary>
internal static class BacktestCommand
{
    /// <param name="console">Where the report goes (stdout).</param>
    /// <param name="time">The clock.</param>
    /// <param name="errors">Where errors and warnings go (stderr); default <paramref name="console"/>.</param>
    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole? errors = null)
    {
        var options = new BacktestOptions();
        var command = new Command("backtest", "Replay a policy on a demand trace and compare it with HPA");
        options.AddTo(command);
        command.SetAction((parsed, cancellationToken) => RunAsync(options.ToRequest(parsed), console, time, errors, cancellationToken));
        return command;
    }

    /// <summary>
    /// The command's one step, called directly by tests: load the policy and the trace, check every input once
    /// (before any work or any write), run, write the reports.
    /// </summary>
    public static async Task<int> RunAsync(
        BacktestRequest request,
        IAnsiConsole console,
        TimeProvider time,
        IAnsiConsole? errors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);

        // The report (table or JSON) goes to the console; errors and warnings to their own, so that
        // `--output json > summary.json` stays parseable.
        errors ??= console;
        var policy = BacktestInputs.LoadPolicy(request, errors, time, out var host);
        if (policy is null)
        {
            return ExitCodes.Invalid;
        }

        try
        {
            return await RunLoadedAsync(request, policy, host, console, errors, time, cancellationToken);
        }
        catch (Exception ex) when (ex is TraceFormatException or BacktestInputException or IOException or UnauthorizedAccessException)
        {
            errors.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return ExitCodes.Invalid;
        }
        catch (PrometheusQueryException ex)
        {
            var reason = PrometheusPolicyChecker.ReasonOf(ex.Failure).ToCode();
            errors.MarkupLine($"[red]--prometheus {Markup.Escape(request.Prometheus?.ToString() ?? "")}: {reason}: {Markup.Escape(ex.Message)}[/]");
            return ExitCodes.Invalid;
        }
        catch (OptionsValidationException ex)
        {
            errors.MarkupLine($"[red]--prometheus: {Markup.Escape(string.Join("; ", ex.Failures))}[/]");
            return ExitCodes.Invalid;
        }
    }

    /// <summary>The policy loaded: load the trace, check it against the policy, run, write the reports.</summary>
    private static async Task<int> RunLoadedAsync(
        BacktestRequest request,
        Core.Policies.ScalingPolicy policy,
        Core.Policies.ScalingPolicy? host,
        IAnsiConsole console,
        IAnsiConsole errors,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (trace, origin) = await BacktestInputs.LoadTraceAsync(request, policy, errors, cancellationToken);
        if (trace is null)
        {
            return ExitCodes.Invalid;
        }

        var prepared = BacktestRunner.Prepare(policy, trace, request.Settings) with { HostGroup = host };
        DataQualityWarnings.Write(prepared.DataQuality, errors);
        if (request.ExportTrace is { } export)
        {
            BacktestInputs.ExportTrace(export, trace, policy);
        }

        if (request.CoverageSweep is { Count: > 0 } && policy.Spec.Sizing.Mode != Core.Policies.SizingMode.Calibrated)
        {
            throw new BacktestInputException($"--coverage-sweep: policy {policy.Name} does not size in calibrated mode (spec.sizing.mode)");
        }

        var result = BacktestProgressView.Run(prepared, request.Output, console, errors, time, cancellationToken);
        var sweep = request.CoverageSweep is { Count: > 0 } coverages
            ? new BacktestRunner().RunCoverageSweep(result, coverages, cancellationToken: cancellationToken)
            : null;
        BacktestOutput.Write(request, result, BacktestProvenance.Build(request, result, origin), console, errors, sweep);
        return ExitCodes.Ok;
    }
}
