using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Traces;
using PromoScaler.Cli.Output;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>What <c>promoscaler backtest</c> was asked to do.</summary>
internal sealed record BacktestRequest(
    string PolicyFile,
    string TraceFile,
    string OutDirectory,
    BacktestSettings Settings,
    string? PolicyName,
    OutputFormat Output,
    bool Chart = true);

/// <summary>
/// <c>promoscaler backtest POLICY.yaml --trace FILE.csv --out DIR</c>: replays the policy on the trace through the
/// engine the daemon uses, with the HPA baseline and its frontier on the same signal, and writes decisions.csv,
/// components.csv, summary.json and backtest.png (all or nothing). Exit 0 ok, 1 bad input, 2 usage.
/// </summary>
internal static class BacktestCommand
{
    /// <summary>Runs of at least this many ticks show a progress bar on an interactive console.</summary>
    public const int ProgressThresholdTicks = 20_000;

    public static Command Create(IAnsiConsole console, TimeProvider time)
    {
        var policy = new Argument<string>("policy") { Description = "The policy file (YAML)" };
        var trace = new Option<string>("--trace") { Description = "Demand trace CSV: timestamp,<metric>... (a value column feeds the first metric)", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for decisions.csv, components.csv, summary.json, backtest.png", Required = true };
        var from = new Option<DateTimeOffset?>("--from") { Description = "First scored instant; the trace before it only warms the models (default: first row + delay + window)", CustomParser = OptionParsers.Instant };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of scoring (default: the last row)", CustomParser = OptionParsers.Instant };
        var delay = new Option<TimeSpan?>("--metric-delay") { Description = "Age of the newest sample, D (default 30s)", CustomParser = OptionParsers.Duration };
        var window = new Option<TimeSpan?>("--metric-window") { Description = "Rate window each reading averages, W (default 60s)", CustomParser = OptionParsers.Duration };
        var capacity = new Option<double?>("--capacity-per-replica") { Description = "C: load at which one replica is overloaded (default: the metric's capacityPerReplica, else targetPerReplica / 0.8)" };
        var demandMetric = new Option<string?>("--demand-metric") { Description = "Metric scored as demand (default: the prediction metric, else the first)" };
        var policyName = new Option<string?>("--policy-name") { Description = "Which policy when the file holds several" };
        var disable = new Option<Ablation>("--disable")
        {
            Description = "Switch parts off to measure them: a comma list of forecast, gating, prewarm",
            CustomParser = ParseAblation,
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
            policy, trace, output, from, to, delay, window, capacity, demandMetric, policyName, disable, format, noChart,
        };
        command.SetAction(parsed => Run(
            new BacktestRequest(
                parsed.GetValue(policy)!,
                parsed.GetValue(trace)!,
                parsed.GetValue(output)!,
                new BacktestSettings(
                    parsed.GetValue(from),
                    parsed.GetValue(to),
                    parsed.GetValue(delay),
                    parsed.GetValue(window),
                    parsed.GetValue(capacity),
                    parsed.GetValue(demandMetric),
                    parsed.GetValue(disable)),
                parsed.GetValue(policyName),
                parsed.GetValue(format),
                !parsed.GetValue(noChart)),
            console,
            time));
        return command;
    }

    /// <summary>The command's one step, called directly by tests.</summary>
    public static int Run(BacktestRequest request, IAnsiConsole console, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);

        var policy = LoadPolicy(request, console, time);
        if (policy is null)
        {
            return ExitCodes.Invalid;
        }

        try
        {
            if (!File.Exists(request.TraceFile))
            {
                console.MarkupLine($"[red]{Markup.Escape(request.TraceFile)}: --trace: no such file[/]");
                return ExitCodes.Invalid;
            }

            var trace = TraceReader.Read(request.TraceFile);
            BacktestRunner.Prepare(policy, trace, request.Settings, out _); // every input error before any work
            var result = RunWithProgress(policy, trace, request, console);
            var files = BacktestReportWriter.Write(result, Provenance(request, result), request.OutDirectory, request.Chart ? ChartRenderer.Render : null);
            if (request.Output == OutputFormat.Json)
            {
                console.Profile.Out.Writer.Write(File.ReadAllText(Path.Combine(request.OutDirectory, BacktestReportWriter.SummaryFile)));
                console.Profile.Out.Writer.WriteLine();
            }
            else
            {
                BacktestTableWriter.Write(result, files, console);
                if (request.Chart && ChartRenderer.AvailableFont() is null)
                {
                    console.MarkupLine($"[yellow]warning: no font is installed, so {BacktestReportWriter.ChartFile} has no text; install one (Debian: apt-get install fonts-dejavu-core)[/]");
                }
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is TraceFormatException or BacktestInputException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return ExitCodes.Invalid;
        }
    }

    private static ScalingPolicy? LoadPolicy(BacktestRequest request, IAnsiConsole console, TimeProvider time)
    {
        if (!File.Exists(request.PolicyFile))
        {
            console.MarkupLine($"[red]{Markup.Escape(request.PolicyFile)}: no such policy file[/]");
            return null;
        }

        var loaded = PolicyLoader.LoadPaths([request.PolicyFile], time.GetUtcNow());
        if (!loaded.Succeeded)
        {
            foreach (var error in loaded.Errors)
            {
                console.MarkupLine($"[red]{Markup.Escape(error.ToString())}[/]");
            }

            return null;
        }

        var policies = loaded.Policies;
        if (request.PolicyName is { } name)
        {
            var chosen = policies.FirstOrDefault(p => p.Name == name);
            if (chosen is null)
            {
                console.MarkupLine($"[red]--policy-name: {Markup.Escape(request.PolicyFile)} has no policy \"{Markup.Escape(name)}\" (it has {Markup.Escape(string.Join(", ", policies.Select(p => p.Name)))})[/]");
            }

            return chosen;
        }

        if (policies.Count != 1)
        {
            console.MarkupLine($"[red]{Markup.Escape(request.PolicyFile)} holds {policies.Count} policies ({Markup.Escape(string.Join(", ", policies.Select(p => p.Name)))}); choose one with --policy-name[/]");
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

    private static Provenance Provenance(BacktestRequest request, BacktestResult result)
    {
        var version = typeof(BacktestCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var s = request.Settings;
        List<KeyValuePair<string, string?>> flags =
        [
            new("--trace", request.TraceFile),
            new("--out", request.OutDirectory),
            new("--from", Iso(result.Context.From)),
            new("--to", Iso(result.Context.To)),
            new("--metric-delay", OptionParsers.Format(s.Delay)),
            new("--metric-window", OptionParsers.Format(s.Window)),
            new("--capacity-per-replica", result.CapacityPerReplica.ToString("R", CultureInfo.InvariantCulture)),
            new("--demand-metric", result.Context.DemandMetric),
            new("--policy-name", request.PolicyName ?? result.Policy.Name),
            new("--disable", DisableText(s.Disabled)),
            new("--output", request.Output == OutputFormat.Json ? "json" : "table"),
            new("--no-chart", request.Chart ? "false" : "true"),
        ];
        return new Provenance(version, request.PolicyFile, Sha256(request.PolicyFile), request.TraceFile, Sha256(request.TraceFile), flags);
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
