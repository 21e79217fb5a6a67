using System.CommandLine;
using System.CommandLine.Parsing;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>
/// The flags of <c>promoscaler backtest</c>: their declarations, the rules between them, and the request they make.
/// Every value is parsed here, so a bad one is a usage error (exit 2) before any file is read.
/// </summary>
internal sealed class BacktestOptions
{
    private static readonly Dictionary<string, Ablation> AblationNames = new(StringComparer.Ordinal)
    {
        ["forecast"] = Ablation.Forecast,
        ["gating"] = Ablation.Gating,
        ["prewarm"] = Ablation.Prewarm,
        ["bands"] = Ablation.Bands,
        ["burst"] = Ablation.Burst,
    };

    public Argument<string> Policy { get; } = new("policy") { Description = "The policy file (YAML)" };

    public Option<string?> Trace { get; } = new("--trace")
    {
        Description = "Demand trace CSV: timestamp,<metric>... (a value column feeds the first metric)",
        HelpName = "FILE.csv",
        CustomParser = OptionParsers.FilePath,
    };

    public Option<Uri?> Prometheus { get; } = SharedOptions.Prometheus("Query the trace from this Prometheus instead of --trace: each metric's query over --from..--to (needs both)");

    public Option<TimeSpan?> Step { get; } = new("--step")
    {
        Description = "With --prometheus: the query_range step (default: the policy's interval)",
        HelpName = "DURATION",
        CustomParser = OptionParsers.DurationAtMost(BacktestLimits.MaxStep),
    };

    public Option<string?> ExportTrace { get; } = new("--export-trace")
    {
        Description = "With --prometheus: also write the queried series as a trace CSV (one column per metric)",
        HelpName = "FILE.csv",
        CustomParser = OptionParsers.FilePath,
    };

    public Option<string> Out { get; } = new("--out")
    {
        Description = "Directory for decisions.csv, components.csv, summary.json, backtest.png (checked before the run)",
        HelpName = "DIR",
        Required = true,
        CustomParser = OptionParsers.OutputDirectory,
    };

    public Option<DateTimeOffset?> From { get; } = new("--from")
    {
        Description = "First scored instant; the trace before it only warms the models (default: first row + delay + window)",
        HelpName = "INSTANT",
        CustomParser = OptionParsers.Instant,
    };

    public Option<DateTimeOffset?> To { get; } = new("--to")
    {
        Description = "End of scoring (default: the last row)",
        HelpName = "INSTANT",
        CustomParser = OptionParsers.Instant,
    };

    public Option<TimeSpan?> MetricDelay { get; } = new("--metric-delay")
    {
        Description = "Age of the newest sample, D (default 30s; 0s with --prometheus)",
        HelpName = "DURATION",
        CustomParser = OptionParsers.DurationAtMost(BacktestLimits.MaxMetricLag),
    };

    public Option<TimeSpan?> MetricWindow { get; } = new("--metric-window")
    {
        Description = "Rate window each reading averages, W (default 60s; not with --prometheus)",
        HelpName = "DURATION",
        CustomParser = OptionParsers.DurationAtMost(BacktestLimits.MaxMetricLag),
    };

    public Option<double?> CapacityPerReplica { get; } = new("--capacity-per-replica")
    {
        Description = "C: load at which one replica is overloaded (default: the metric's capacityPerReplica, else targetPerReplica / 0.8)",
        HelpName = "NUMBER",
        CustomParser = OptionParsers.PositiveNumber,
    };

    public Option<string?> DemandMetric { get; } = new("--demand-metric")
    {
        Description = "Metric scored as demand (default: the prediction metric, else the first)",
        HelpName = "NAME",
    };

    public Option<string?> PolicyName { get; } = new("--policy-name")
    {
        Description = "Which policy when the file holds several",
        HelpName = "NAME",
    };

    public Option<Ablation> Disable { get; } = new("--disable")
    {
        Description = "Switch parts off to measure them: a comma list of forecast, gating, prewarm, bands (calibrated sizing with one pooled margin), burst (calibrated sizing without the burst rule)",
        HelpName = "forecast,gating,prewarm,bands,burst",
        CustomParser = ParseAblation,
    };

    public Option<PerfectForecast?> PerfectForecast { get; } = new("--perfect-forecast")
    {
        Description = "Analysis only: replace the model by perfect foresight, either of its own step samples (step) or of the mean demand over a window centred on the horizon (a duration, e.g. 10m)",
        HelpName = "step|DURATION",
        CustomParser = ParsePerfectForecast,
    };

    public Option<IReadOnlyList<Core.Policies.Percentage>?> CoverageSweep { get; } = new("--coverage-sweep")
    {
        Description = "Calibrated sizing only: also replay the policy at each of these coverages (e.g. 90%,95%,98%,99%,99.5%) and write their cost/overload points to coverage-sweep.csv",
        HelpName = "PERCENT,...",
        CustomParser = result => ParseCoverages(result),
    };

    public Option<OutputFormat> Output { get; } = SharedOptions.Output();

    public Option<bool> NoChart { get; } = new("--no-chart") { Description = "Skip backtest.png" };

    public Option<bool> AllowGaps { get; } = new("--allow-gaps")
    {
        Description = "Score the range even when more than half of it has no data (otherwise refused: its figures would mostly count nothing)",
    };

    /// <summary>Adds every flag and the rules between them to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(Policy);
        foreach (var option in new Option[] { Trace, Prometheus, Step, ExportTrace, Out, From, To, MetricDelay, MetricWindow, CapacityPerReplica, DemandMetric, PolicyName, Disable, PerfectForecast, CoverageSweep, Output, NoChart, AllowGaps })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(CheckCombinations);
    }

    /// <summary>The request the parsed flags make, with the defaults that depend on where the trace comes from.</summary>
    public BacktestRequest ToRequest(ParseResult parsed)
    {
        var fromPrometheus = parsed.GetValue(Prometheus) is not null;
        return new BacktestRequest(
            parsed.GetValue(Policy)!,
            parsed.GetValue(Trace),
            parsed.GetValue(Out)!,
            new BacktestSettings(
                parsed.GetValue(From),
                parsed.GetValue(To),
                parsed.GetValue(MetricDelay) ?? (fromPrometheus ? TimeSpan.Zero : null),
                fromPrometheus ? TimeSpan.Zero : parsed.GetValue(MetricWindow),
                parsed.GetValue(CapacityPerReplica),
                parsed.GetValue(DemandMetric),
                parsed.GetValue(Disable),
                parsed.GetValue(PerfectForecast),
                parsed.GetValue(AllowGaps)),
            parsed.GetValue(PolicyName),
            parsed.GetValue(Output),
            !parsed.GetValue(NoChart),
            parsed.GetValue(Prometheus),
            parsed.GetValue(Step),
            parsed.GetValue(ExportTrace),
            parsed.GetValue(CoverageSweep));
    }

    private void CheckCombinations(CommandResult result)
    {
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        if (Given(Trace) == Given(Prometheus))
        {
            result.AddError("give the trace with exactly one of --trace FILE.csv or --prometheus URL");
        }

        if (Given(Prometheus))
        {
            if (!Given(From) || !Given(To))
            {
                result.AddError("--prometheus needs --from and --to: the range to query and score");
            }

            if (Given(MetricWindow))
            {
                result.AddError("--metric-window does not apply with --prometheus: the query's own range window is the smoothing");
            }

            if (ParsedValue(result, Step) is { } step && step <= TimeSpan.Zero)
            {
                result.AddError($"--step: {OptionParsers.Format(step)} must be positive");
            }
        }
        else
        {
            foreach (var option in new Option[] { Step, ExportTrace }.Where(Given))
            {
                result.AddError($"{option.Name} applies only with --prometheus");
            }
        }

        if (ParsedValue(result, From) is { } from && ParsedValue(result, To) is { } to && from >= to)
        {
            result.AddError($"the range --from {Core.Policies.Instant.Format(from)} --to {Core.Policies.Instant.Format(to)} is empty");
        }
    }

    /// <summary>The option's value, or the default when it was not given or its own parser refused it (reported already).</summary>
    private static T? ParsedValue<T>(CommandResult result, Option<T> option)
    {
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static PerfectForecast? ParsePerfectForecast(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        if (text == "step")
        {
            return new PerfectForecast();
        }

        if (Core.Policies.Duration.Parse(text, out var window) == Core.Policies.ParseOutcome.Ok && window > TimeSpan.Zero)
        {
            return new PerfectForecast(window);
        }

        result.AddError($"--perfect-forecast: {OptionParsers.Quote(text)} is neither step nor a positive duration (e.g. 10m)");
        return null;
    }

    /// <summary>A comma list of percentages, each written with %, within 50%..99.99% (spec.sizing.coverage's range).</summary>
    private static List<Core.Policies.Percentage> ParseCoverages(ArgumentResult result)
    {
        var coverages = new List<Core.Policies.Percentage>();
        foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (part.EndsWith('%')
                && double.TryParse(part.AsSpan(0, part.Length - 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percent)
                && percent >= 50 && percent <= 99.99)
            {
                coverages.Add(Core.Policies.Percentage.FromPercent(percent));
            }
            else
            {
                result.AddError($"--coverage-sweep: {OptionParsers.Quote(part)} is not a coverage; write a percentage within 50%..99.99%, e.g. 99.5%");
            }
        }

        return coverages;
    }

    private static Ablation ParseAblation(ArgumentResult result)
    {
        var disabled = Ablation.None;
        foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (AblationNames.TryGetValue(part, out var ablation))
            {
                disabled |= ablation;
            }
            else
            {
                result.AddError($"--disable: {OptionParsers.Quote(part)} is not one of {string.Join(", ", AblationNames.Keys)}");
            }
        }

        return disabled;
    }

    /// <summary>The <c>--disable</c> value that switches off <paramref name="disabled"/>, as a user writes it; null for nothing.</summary>
    public static string? AblationText(Ablation disabled)
    {
        var parts = AblationNames.Where(n => disabled.HasFlag(n.Value)).Select(n => n.Key).ToList();
        return parts.Count == 0 ? null : string.Join(',', parts);
    }
}
