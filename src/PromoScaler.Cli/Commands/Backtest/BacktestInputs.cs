using System.Globalization;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Traces;
using PromoScaler.Backtest.Replay;
using PromoScaler.Cli.Prometheus;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>A backtest's inputs: the one policy chosen from its file, and the trace from a CSV or from Prometheus.</summary>
internal static class BacktestInputs
{
    /// <summary>How many policy names a "choose one" message lists before it says how many more there are.</summary>
    private const int NamesListed = 10;

    /// <summary>
    /// The policy the request names; null after reporting why there is none. A pod policy's <c>hostedBy</c> names a
    /// policy that usually lives in another file of the same directory: when the file alone does not load, the
    /// directory is loaded and the file's own policies taken from it. <paramref name="host"/> is the VM group policy
    /// the chosen one names, when it was loaded.
    /// </summary>
    public static ScalingPolicy? LoadPolicy(BacktestRequest request, IAnsiConsole errors, TimeProvider time, out ScalingPolicy? host)
    {
        host = null;
        if (!File.Exists(request.PolicyFile))
        {
            errors.MarkupLine($"[red]{Markup.Escape(request.PolicyFile)}: no such policy file[/]");
            return null;
        }

        var loaded = CliPolicyLoader.LoadPaths([request.PolicyFile], time.GetUtcNow());
        var catalog = loaded.Policies;
        if (!loaded.Succeeded && WithDirectory(request.PolicyFile, time) is { } linked)
        {
            loaded = linked.Loaded;
            catalog = linked.Catalog;
        }

        if (!loaded.Succeeded)
        {
            foreach (var error in loaded.Errors)
            {
                errors.MarkupLine($"[red]{Markup.Escape(error.ToString())}[/]");
            }

            return null;
        }

        var chosen = Choose(request, loaded.Policies, errors);
        if (chosen is { Spec.Target.IsVmGroup: true } && ReferenceEquals(catalog, loaded.Policies))
        {
            // A VM group pre-warms nodes for the pod policies it hosts, which live in the other files of its directory.
            chosen = WithDirectory(request.PolicyFile, time)?.Catalog.FirstOrDefault(p => p.Name == chosen.Name) ?? chosen;
        }

        host = chosen?.Spec.HostedBy is { } link ? catalog.FirstOrDefault(p => p.Name == link.Policy) : null;
        return chosen;
    }

    /// <summary>The file's policies as loaded with the rest of its directory (with the whole catalog), or null when that fails too.</summary>
    private static (PolicyLoadResult Loaded, IReadOnlyList<ScalingPolicy> Catalog)? WithDirectory(string file, TimeProvider time)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var all = CliPolicyLoader.LoadPaths([directory], time.GetUtcNow());
        if (!all.Succeeded)
        {
            return null;
        }

        var full = Path.GetFullPath(file);
        var own = all.Policies.Where(p => Path.GetFullPath(p.Origin.File) == full).ToList();
        return own.Count == 0 ? null : (all with { Policies = own }, all.Policies);
    }

    private static ScalingPolicy? Choose(BacktestRequest request, IReadOnlyList<ScalingPolicy> policies, IAnsiConsole errors)
    {
        if (request.PolicyName is { } name)
        {
            var chosen = policies.FirstOrDefault(p => p.Name == name);
            if (chosen is null)
            {
                errors.MarkupLine($"[red]--policy-name: {Markup.Escape(request.PolicyFile)} has no policy {Markup.Escape(OptionParsers.Quote(name))} (it has {Markup.Escape(Names(policies))})[/]");
            }

            return chosen;
        }

        if (policies.Count != 1)
        {
            errors.MarkupLine($"[red]{Markup.Escape(request.PolicyFile)} holds {policies.Count} policies ({Markup.Escape(Names(policies))}); choose one with --policy-name[/]");
            return null;
        }

        return policies[0];
    }

    /// <summary>The trace from the file, or from range queries (with what provenance needs to name them).</summary>
    public static async Task<(Trace? Trace, PrometheusProvenance? Origin)> LoadTraceAsync(
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
        var settings = request.Settings;
        if (settings.From is not { } from || settings.To is not { } to || from >= to || step <= TimeSpan.Zero)
        {
            // The flags' own rules refuse these (exit 2); a caller that built the request itself gets the same reason.
            throw new BacktestInputException("--prometheus needs --from before --to and a positive --step");
        }

        // Every limit before the first query: a range of decades at --step 1s would otherwise run for minutes.
        if (to - from > BacktestLimits.MaxScoredRange)
        {
            throw new BacktestInputException($"the range --from {Instant.Format(from)} --to {Instant.Format(to)} is longer than the limit of {Duration.Format(BacktestLimits.MaxScoredRange)}; score a part of it");
        }

        var forecasts = policy.Spec.Prediction is { Model: not ForecastModelKind.None } && !settings.Disabled.HasFlag(Ablation.Forecast);
        var lookback = settings.Delay + (forecasts ? policy.Spec.Prediction!.History : TimeSpan.Zero);
        var range = PrometheusTraceRange.For(from, to, step, lookback);
        if (range.Count > BacktestLimits.MaxTraceRows)
        {
            throw new BacktestInputException(
                $"--step {Duration.Format(step)}: {range.Count.ToString("N0", CultureInfo.InvariantCulture)} points per metric from {Instant.Format(range.Start)} to {Instant.Format(range.End)}, above the limit of {BacktestLimits.MaxTraceRows.ToString("N0", CultureInfo.InvariantCulture)}; use a longer step or a shorter range");
        }

        using var connection = PrometheusConnection.Open(url, [policy]);
        var trace = await PrometheusTrace.QueryAsync(connection.History, url, policy, range, cancellationToken);
        var queries = policy.Spec.Metrics.Select(m => new KeyValuePair<string, string>(m.Name, m.Query)).ToList();
        return (trace, new PrometheusProvenance(url, range.Start, range.End, step, queries));
    }

    /// <summary>Writes the queried trace, one column per metric in policy order, replacing the file only once complete.</summary>
    public static void ExportTrace(string path, Trace trace, ScalingPolicy policy)
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

    private static string Names(IReadOnlyList<ScalingPolicy> policies) =>
        policies.Count <= NamesListed
            ? string.Join(", ", policies.Select(p => p.Name))
            : $"{string.Join(", ", policies.Take(NamesListed).Select(p => p.Name))} and {policies.Count - NamesListed} more";
}
