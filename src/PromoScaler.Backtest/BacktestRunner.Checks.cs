using System.Globalization;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest;

/// <summary>The checks of <see cref="BacktestRunner.Prepare(ScalingPolicy, Trace, BacktestSettings, out double)"/>, one per input.</summary>
public sealed partial class BacktestRunner
{
    /// <summary>One demand curve per metric of the policy, from its column (the first metric may read a <c>value</c> column).</summary>
    private static Dictionary<string, DemandCurve> Curves(ScalingPolicy policy, Trace trace)
    {
        var metrics = policy.Spec.Metrics;
        var curves = new Dictionary<string, DemandCurve>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Count; i++)
        {
            var name = metrics[i].Name;
            if (!trace.Columns.TryGetValue(name, out var column) && !(i == 0 && trace.Columns.TryGetValue("value", out column)))
            {
                var hint = i == 0 ? $"a column named \"{name}\" or \"value\"" : $"a column named \"{name}\"";
                throw new TraceFormatException(trace.File, 1, $"no column for metric \"{name}\" of policy {policy.Name}: the header needs {hint} (it has {string.Join(", ", trace.Columns.Keys)})");
            }

            curves[name] = new DemandCurve(trace.Ticks, column);
        }

        return curves;
    }

    private static void CheckPerfectForecast(ScalingPolicy policy, BacktestSettings settings)
    {
        if (settings.PerfectForecast is not { } perfect)
        {
            return;
        }

        if (policy.Spec.Prediction is not { Model: not ForecastModelKind.None } || settings.Disabled.HasFlag(Ablation.Forecast))
        {
            throw new BacktestInputException($"--perfect-forecast: policy {policy.Name} has no forecast to replace (no spec.prediction, or --disable forecast)");
        }

        if (perfect.Window is { } window && window <= TimeSpan.Zero)
        {
            throw new BacktestInputException($"--perfect-forecast: the window {window} must be positive");
        }
    }

    /// <summary>The scored range: <c>--from</c> (default: the first instant with a full window of data) to <c>--to</c> (default: the last row), inside the trace and the limit.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) ScoredRange(Trace trace, BacktestSettings settings)
    {
        // Both lags are at most a day and a trace starts in year 1 at the earliest, so this sum cannot overflow.
        var from = settings.From ?? trace.First + settings.Delay + settings.Window;
        var to = settings.To ?? trace.Last;
        if (from < trace.First)
        {
            throw new TraceFormatException(trace.File, Trace.LineOf(0), $"--from {Instant.Format(from)} is before the trace's first row ({Instant.Format(trace.First)})");
        }

        if (to > trace.Last)
        {
            throw new TraceFormatException(trace.File, Trace.LineOf(trace.Count - 1), $"--to {Instant.Format(to)} is after the trace's last row ({Instant.Format(trace.Last)})");
        }

        if (from >= to)
        {
            // Name only the flags the user gave: with neither, the trace is what is too short.
            var range = (settings.From, settings.To) switch
            {
                (null, null) => $"the trace spans {Instant.Format(trace.First)} to {Instant.Format(trace.Last)}, no longer than the metric delay + window ({Core.Policies.Duration.Format(settings.Delay + settings.Window)}) it needs before the first scored instant: nothing to score",
                _ => $"the range --from {Instant.Format(from)} --to {Instant.Format(to)} is empty (the trace spans {Instant.Format(trace.First)} to {Instant.Format(trace.Last)})",
            };
            throw new TraceFormatException(trace.File, Trace.LineOf(0), range);
        }

        if (to - from > BacktestLimits.MaxScoredRange)
        {
            throw new BacktestInputException(
                $"the range --from {Instant.Format(from)} --to {Instant.Format(to)} is longer than the limit of {Core.Policies.Duration.Format(BacktestLimits.MaxScoredRange)} ({BacktestLimits.MaxGridPoints.ToString("N0", CultureInfo.InvariantCulture)} grid points at 15s); score a part of it with --from and --to");
        }

        return (from, to);
    }
}
