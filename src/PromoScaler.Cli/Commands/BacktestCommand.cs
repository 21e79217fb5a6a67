using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Traces;
using Microsoft.Extensions.Options;
using PromoScaler.Cli.Output;
using PromoScaler.Cli.Prometheus;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.Validation;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>What <c>promoscaler backtest</c> was asked to do.</summary>
/// <param name="PolicyFile">The policy file.</param>
/// <param name="TraceFile">The trace CSV; null when the trace comes from <paramref name="Prometheus"/>.</param>
/// <param name="OutDirectory">Where the reports go.</param>
/// <param name="Settings">Range, signal and ablations.</param>
/// <param name="PolicyName">Which policy of the file.</param>
/// <param name="Output">Report format.</param>
/// <param name="Chart">Render backtest.png.</param>
/// <param name="Prometheus">Query the trace from this Prometheus instead of reading a file.</param>
/// <param name="Step">The range queries' step; default the policy's interval.</param>
/// <param name="ExportTrace">Also write the queried trace to this CSV file.</param>
internal sealed record BacktestRequest(
    string PolicyFile,
    string? TraceFile,
    string OutDirectory,
    BacktestSettings Settings,
    string? PolicyName,
    OutputFormat Output,
    bool Chart = true,
    Uri? Prometheus = null,
    TimeSpan? Step = null,
    string? ExportTrace = null);

/// <summary>
/// <c>promoscaler backtest POLICY.yaml (--trace FILE.csv | --prometheus URL --from T1 --to T2 [--step S]
/// [--export-trace FILE]) --out DIR</c>: replays the policy on the trace through the engine the daemon uses, with
/// the HPA baseline and its frontier on the same signal, and writes decisions.csv, components.csv, summary.json and
/// backtest.png (all or nothing). From Prometheus, each metric's own query is evaluated with query_range at the
/// step (plus the prediction history before T1) and becomes the trace; the metric delay defaults to 0s and there is
/// no metric window, since the query's own range window already smooths. Exit 0 ok, 1 bad input, 2 usage.
/// </summary>
internal static class BacktestCommand
{
    /// <summary>Runs of at least this many ticks show a progress bar on an interactive console.</summary>
    public const int ProgressThresholdTicks = 20_000;

    /// <param name="console">Where the report goes (stdout).</param>
    /// <param name="time">The clock.</param>
    /// <param name="errors">Where errors and warnings go (stderr); default <paramref name="console"/>.</param>
    public static Command Create(IAnsiConsole console, TimeProvider time, IAnsiConsole? errors = null)
    {
        var policy = new Argument<string>("policy") { Description = "The policy file (YAML)" };
        var trace = new Option<string?>("--trace") { Description = "Demand trace CSV: timestamp,<metric>... (a value column feeds the first metric)" };
        var prometheus = SharedOptions.Prometheus("Query the trace from this Prometheus instead of --trace: each metric's query over --from..--to (needs both)");
        var step = new Option<TimeSpan?>("--step") { Description = "With --prometheus: the query_range step (default: the policy's interval)", CustomParser = OptionParsers.Duration };
        var exportTrace = new Option<string?>("--export-trace") { Description = "With --prometheus: also write the queried series as a trace CSV (one column per metric)" };
        var output = new Option<string>("--out") { Description = "Directory for decisions.csv, components.csv, summary.json, backtest.png", Required = true };
        var from = new Option<DateTimeOffset?>("--from") { Description = "First scored instant; the trace before it only warms the models (default: first row + delay + window)", CustomParser = OptionParsers.Instant };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of scoring (default: the last row)", CustomParser = OptionParsers.Instant };
        var delay = new Option<TimeSpan?>("--metric-delay") { Description = "Age of the newest sample, D (default 30s; 0s with --prometheus)", CustomParser = OptionParsers.Duration };
        var window = new Option<TimeSpan?>("--metric-window") { Description = "Rate window each reading averages, W (default 60s; not with --prometheus)", CustomParser = OptionParsers.Duration };
        var capacity = new Option<double?>("--capacity-per-replica") { Description = "C: load at which one replica is overloaded (default: the metric's capacityPerReplica, else targetPerReplica / 0.8)" };
        var demandMetric = new Option<string?>("--demand-metric") { Description = "Metric scored as demand (default: the prediction metric, else the first)" };
        var policyName = new Option<string?>("--policy-name") { Description = "Which policy when the file holds several" };
        var disable = new Option<Ablation>("--disable")
        {
            Description = "Switch parts off to measure them: a comma list of forecast, gating, prewarm",
            CustomParser = ParseAblation,
        };
        var perfect = new Option<PerfectForecast?>("--perfect-forecast")
        {
            Description = "Analysis only: replace the model by perfect foresight, either of its own step samples (step) or of the mean demand over a window centred on the horizon (a duration, e.g. 10m)",
            CustomParser = ParsePerfectForecast,
        };
        var format = new Option<OutputFormat>("--output", "-o")
        {
            Description = "Report format: table (default) for people, json for CI",
            CustomParser = ParseFormat,
            DefaultValueFactory = _ => OutputFormat.Text,
        };
        var noChart = new Option<bool>("--no-chart") { Description = "Skip backtest.png" };

        var command = new Command("backtest", "Replay a policy on a demand trace and compare it with HPA")
        {
            policy, trace, prometheus, step, exportTrace, output, from, to, delay, window, capacity, demandMetric, policyName, disable, perfect, format, noChart,
        };
        command.Validators.Add(result =>
        {
            bool Given(Option option) => result.GetResult(option) is { Implicit: false };
            if (Given(trace) == Given(prometheus))
            {
                result.AddError("give the trace with exactly one of --trace FILE.csv or --prometheus URL");
            }

            if (Given(prometheus))
            {
                if (!Given(from) || !Given(to))
                {
                    result.AddError("--prometheus needs --from and --to: the range to query and score");
                }

                if (Given(window))
                {
                    result.AddError("--metric-window does not apply with --prometheus: the query's own range window is the smoothing");
                }
            }
            else
            {
                foreach (var option in new Option[] { step, exportTrace }.Where(Given))
                {
                    result.AddError($"{option.Name} applies only with --prometheus");
                }
            }
        });
        command.SetAction((parsed, cancellationToken) =>
        {
            var fromPrometheus = parsed.GetValue(prometheus) is not null;
            return RunAsync(
                new BacktestRequest(
                    parsed.GetValue(policy)!,
                    parsed.GetValue(trace),
                    parsed.GetValue(output)!,
                    new BacktestSettings(
                        parsed.GetValue(from),
                        parsed.GetValue(to),
                        parsed.GetValue(delay) ?? (fromPrometheus ? TimeSpan.Zero : null),
                        fromPrometheus ? TimeSpan.Zero : parsed.GetValue(window),
                        parsed.GetValue(capacity),
                        parsed.GetValue(demandMetric),
                        parsed.GetValue(disable),
                        parsed.GetValue(perfect)),
                    parsed.GetValue(policyName),
                    parsed.GetValue(format),
                    !parsed.GetValue(noChart),
                    parsed.GetValue(prometheus),
                    parsed.GetValue(step),
                    parsed.GetValue(exportTrace)),
                console,
                time,
                errors,
                cancellationToken);
        });
        return command;
    }

    /// <summary>The command's one step, called directly by tests.</summary>
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
        var policy = LoadPolicy(request, errors, time);
        if (policy is null)
        {
            return ExitCodes.Invalid;
        }

        try
        {
            var (trace, origin) = await LoadTraceAsync(request, policy, errors, cancellationToken);
            if (trace is null)
            {
                return ExitCodes.Invalid;
            }

            BacktestRunner.Prepare(policy, trace, request.Settings, out _); // every input error before any work
            if (request.ExportTrace is { } export)
            {
                WriteTrace(export, trace, policy);
            }

            var result = RunWithProgress(policy, trace, request, console);
            var files = BacktestReportWriter.Write(result, Provenance(request, result, origin), request.OutDirectory, request.Chart ? ChartRenderer.Render : null);
            if (request.Output == OutputFormat.Json)
            {
                console.Profile.Out.Writer.Write(File.ReadAllText(Path.Combine(request.OutDirectory, BacktestReportWriter.SummaryFile)));
                console.Profile.Out.Writer.WriteLine();
            }
            else
            {
                BacktestTableWriter.Write(result, files, console);
                if (request.Settings.PerfectForecast is not null)
                {
                    errors.MarkupLine("[yellow]note: --perfect-forecast replaced the model by the trace's own future: these figures bound what any model could reach, they are not the policy's[/]");
                }

                if (request.Chart && ChartRenderer.AvailableFont() is null)
                {
                    errors.MarkupLine($"[yellow]warning: no font is installed, so {BacktestReportWriter.ChartFile} has no text; install one (Debian: apt-get install fonts-dejavu-core)[/]");
                }
            }

            return ExitCodes.Ok;
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

    /// <summary>The trace from the file, or from range queries (with what provenance needs to name them).</summary>
    private static async Task<(Trace? Trace, PrometheusProvenance? Origin)> LoadTraceAsync(
        BacktestRequest request,
        ScalingPolicy policy,
        IAnsiConsole errors,
        CancellationToken cancellationToken)
    {
        if (request.Prometheus is not { } url)
        {
            if (!File.Exists(request.TraceFile))
            {
                errors.MarkupLine($"[red]{Markup.Escape(request.TraceFile ?? "")}: --trace: no such file[/]");
                return (null, null);
            }

            return (TraceReader.Read(request.TraceFile), null);
        }

        var step = request.Step ?? policy.Spec.Interval;
        if (step <= TimeSpan.Zero)
        {
            throw new BacktestInputException($"--step: {OptionParsers.Format(step)} must be positive");
        }

        var settings = request.Settings;
        if (settings.From is not { } from || settings.To is not { } to)
        {
            throw new BacktestInputException("--prometheus needs --from and --to");
        }

        if (from >= to)
        {
            throw new BacktestInputException($"the range --from {Iso(from)} --to {Iso(to)} is empty");
        }

        var forecasts = policy.Spec.Prediction is { Model: not ForecastModelKind.None } && !settings.Disabled.HasFlag(Ablation.Forecast);
        var lookback = settings.Delay + (forecasts ? policy.Spec.Prediction!.History : TimeSpan.Zero);
        var range = PrometheusTraceRange.For(from, to, step, lookback);
        using var connection = PrometheusConnection.Open(url, [policy]);
        var trace = await PrometheusTrace.QueryAsync(connection.History, url, policy, range, cancellationToken);
        var queries = policy.Spec.Metrics.Select(m => new KeyValuePair<string, string>(m.Name, m.Query)).ToList();
        return (trace, new PrometheusProvenance(url, range.Start, range.End, step, queries));
    }

    /// <summary>Writes the queried trace, one column per metric in policy order, replacing the file only once complete.</summary>
    private static void WriteTrace(string path, Trace trace, ScalingPolicy policy)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = $"{full}.partial-{Guid.NewGuid():N}";
        try
        {
            using (var writer = new StreamWriter(partial))
            {
                TraceWriter.Write(writer, trace, [.. policy.Spec.Metrics.Select(m => m.Name)]);
            }

            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static ScalingPolicy? LoadPolicy(BacktestRequest request, IAnsiConsole errors, TimeProvider time)
    {
        if (!File.Exists(request.PolicyFile))
        {
            errors.MarkupLine($"[red]{Markup.Escape(request.PolicyFile)}: no such policy file[/]");
            return null;
        }

        var loaded = PolicyLoader.LoadPaths([request.PolicyFile], time.GetUtcNow());
        if (!loaded.Succeeded)
        {
            foreach (var error in loaded.Errors)
            {
                errors.MarkupLine($"[red]{Markup.Escape(error.ToString())}[/]");
            }

            return null;
        }

        var policies = loaded.Policies;
        if (request.PolicyName is { } name)
        {
            var chosen = policies.FirstOrDefault(p => p.Name == name);
            if (chosen is null)
            {
                errors.MarkupLine($"[red]--policy-name: {Markup.Escape(request.PolicyFile)} has no policy \"{Markup.Escape(name)}\" (it has {Markup.Escape(string.Join(", ", policies.Select(p => p.Name)))})[/]");
            }

            return chosen;
        }

        if (policies.Count != 1)
        {
            errors.MarkupLine($"[red]{Markup.Escape(request.PolicyFile)} holds {policies.Count} policies ({Markup.Escape(string.Join(", ", policies.Select(p => p.Name)))}); choose one with --policy-name[/]");
            return null;
        }

        return policies[0];
    }

    private static BacktestResult RunWithProgress(ScalingPolicy policy, Trace trace, BacktestRequest request, IAnsiConsole console)
    {
        var runner = new BacktestRunner();
        var context = BacktestRunner.Prepare(policy, trace, request.Settings, out _);
        var ticks = (context.To - context.From) / policy.Spec.Interval;
        if (request.Output == OutputFormat.Json || !console.Profile.Capabilities.Interactive || ticks < ProgressThresholdTicks)
        {
            return runner.Run(policy, trace, request.Settings);
        }

        BacktestResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var report = new SynchronousProgress(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Run, out var task))
                        {
                            task = tasks[p.Run] = progress.AddTask(Markup.Escape(p.Run), maxValue: 1.0);
                        }

                        task.Value = p.Fraction;
                    }
                });
                result = runner.Run(policy, trace, request.Settings, progress: report);
            });
        return result!;
    }

    private static Provenance Provenance(BacktestRequest request, BacktestResult result, PrometheusProvenance? prometheus)
    {
        var version = typeof(BacktestCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var s = request.Settings;
        List<KeyValuePair<string, string?>> source = prometheus is null
            ? [new("--trace", request.TraceFile)]
            :
            [
                new("--prometheus", prometheus.Url.ToString()),
                new("--step", OptionParsers.Format(prometheus.Step)),
                new("--export-trace", request.ExportTrace),
            ];
        List<KeyValuePair<string, string?>> flags =
        [
            .. source,
            new("--out", request.OutDirectory),
            new("--from", Iso(result.Context.From)),
            new("--to", Iso(result.Context.To)),
            new("--metric-delay", OptionParsers.Format(s.Delay)),
            new("--metric-window", prometheus is null ? OptionParsers.Format(s.Window) : null),
            new("--capacity-per-replica", result.CapacityPerReplica.ToString("R", CultureInfo.InvariantCulture)),
            new("--demand-metric", result.Context.DemandMetric),
            new("--policy-name", request.PolicyName ?? result.Policy.Name),
            new("--disable", DisableText(s.Disabled)),
            new("--perfect-forecast", PerfectForecastText(s.PerfectForecast)),
            new("--output", request.Output == OutputFormat.Json ? "json" : "table"),
            new("--no-chart", request.Chart ? "false" : "true"),
        ];
        return prometheus is null
            ? new Provenance(version, request.PolicyFile, Sha256(request.PolicyFile), request.TraceFile, Sha256(request.TraceFile!), flags)
            : new Provenance(version, request.PolicyFile, Sha256(request.PolicyFile), null, null, flags, prometheus);
    }

    private static string? DisableText(Ablation disabled)
    {
        var parts = new List<string>();
        if (disabled.HasFlag(Ablation.Forecast))
        {
            parts.Add("forecast");
        }

        if (disabled.HasFlag(Ablation.Gating))
        {
            parts.Add("gating");
        }

        if (disabled.HasFlag(Ablation.Prewarm))
        {
            parts.Add("prewarm");
        }

        return parts.Count == 0 ? null : string.Join(',', parts);
    }

    private static string? PerfectForecastText(PerfectForecast? perfect) =>
        perfect is null ? null : perfect.Window is { } window ? OptionParsers.Format(window) : "step";

    private static PerfectForecast? ParsePerfectForecast(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        if (text == "step")
        {
            return new PerfectForecast();
        }

        if (OptionParsers.TryDuration(text, out var window) && window > TimeSpan.Zero)
        {
            return new PerfectForecast(window);
        }

        result.AddError($"--perfect-forecast: \"{text}\" is neither step nor a positive duration (e.g. 10m)");
        return null;
    }

    private static Ablation ParseAblation(System.CommandLine.Parsing.ArgumentResult result)
    {
        var disabled = Ablation.None;
        foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            switch (part)
            {
                case "forecast": disabled |= Ablation.Forecast; break;
                case "gating": disabled |= Ablation.Gating; break;
                case "prewarm": disabled |= Ablation.Prewarm; break;
                default:
                    result.AddError($"--disable: \"{part}\" is not one of forecast, gating, prewarm");
                    break;
            }
        }

        return disabled;
    }

    private static OutputFormat ParseFormat(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "table" : result.Tokens[0].Value;
        switch (text)
        {
            case "table" or "text":
                return OutputFormat.Text;
            case "json":
                return OutputFormat.Json;
            default:
                result.AddError($"--output: \"{text}\" is not one of table, json");
                return OutputFormat.Text;
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<BacktestProgress> report) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => report(value);
    }
}
