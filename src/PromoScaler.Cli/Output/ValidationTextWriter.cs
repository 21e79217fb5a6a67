using System.Globalization;
using Spectre.Console;

namespace PromoScaler.Cli.Output;

/// <summary>
/// The human report. Errors are printed exactly as <c>file:line:col field.path: message</c> (editors and CI
/// annotate from that shape); warnings carry a <c>warning:</c> prefix.
/// </summary>
internal static class ValidationTextWriter
{
    public static void Write(ValidationReport report, IAnsiConsole console)
    {
        foreach (var error in report.Errors)
        {
            console.MarkupLine($"[red]{Markup.Escape(error.ToString())}[/]");
        }

        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning: {Markup.Escape(warning.ToString())}[/]");
        }

        foreach (var policy in report.Policies)
        {
            var mode = policy.Spec.DryRun ? " (dry run)" : "";
            console.MarkupLine($"[green]OK[/] {Markup.Escape($"{policy.Name}: {policy.Spec.Target}{mode} ({policy.Origin})")}");
            foreach (var window in report.Windows.Where(w => w.Policy == policy.Name))
            {
                var title = window.Name is null ? $"{window.Type} {window.Path}" : $"{window.Type} {window.Name}";
                if (window.Occurrences.Count == 0)
                {
                    console.WriteLine($"  {title}: no upcoming occurrence");
                    continue;
                }

                foreach (var o in window.Occurrences)
                {
                    console.WriteLine(
                        $"  {title}: {Utc(o.From)} .. {Utc(o.Until)} UTC | {Local(o.FromLocal)} .. {Local(o.UntilLocal)} {window.TimeZone}");
                }
            }

            if (report.Prometheus is { } prometheus)
            {
                foreach (var metric in prometheus.Metrics.Where(m => m.Check.Policy == policy.Name))
                {
                    WriteMetric(metric, prometheus.At, console);
                }
            }
        }

        var summary = $"{Count(report.Policies.Count, "policy", "policies")}, {Count(report.Errors.Count, "error", "errors")}, {Count(report.Warnings.Count, "warning", "warnings")}";
        if (report.Prometheus is { } checks)
        {
            summary += $"; {Count(checks.Metrics.Count, "metric", "metrics")} queried at {checks.Url}, {checks.Failed} failed";
        }

        console.MarkupLine(report.Valid
            ? $"[green]valid[/]: {Markup.Escape(summary)}"
            : report.Errors.Count > 0
                ? $"[red]invalid[/]: {Markup.Escape(summary)}; nothing was loaded"
                : $"[red]invalid[/]: {Markup.Escape(summary)}");
    }

    /// <summary>
    /// <c>metric rps: 1 series, value 412.5, fresh at 2025-11-11 00:10:00 UTC (15s before now)</c>, or the failure,
    /// then any warnings Prometheus returned.
    /// </summary>
    private static void WriteMetric(CheckedMetric metric, DateTimeOffset now, IAnsiConsole console)
    {
        var reading = metric.Check.Reading;
        var facts = new List<string> { $"{Count(reading.SeriesCount, "series", "series")}" };
        if (reading.Value is { } value)
        {
            facts.Add("value " + Number(value));
        }

        facts.Add(reading.FreshAt is { } fresh
            ? $"fresh at {Utc(fresh, seconds: true)} UTC ({Age(now - fresh)})"
            : "freshness unknown");
        if (reading.Completeness is { } completeness)
        {
            facts.Add("complete " + (completeness * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%");
        }

        var name = Markup.Escape($"metric {metric.Metric.Name}");
        if (metric.Check.Problem is { } problem)
        {
            console.MarkupLine($"  {name}: [red]FAILED[/] {Markup.Escape(problem)}");
            console.WriteLine($"    query: {metric.Metric.Query}");
        }
        else
        {
            console.MarkupLine($"  {name}: {Markup.Escape(string.Join(", ", facts))}");
        }

        foreach (var warning in reading.Warnings ?? [])
        {
            console.MarkupLine($"    [yellow]warning: {Markup.Escape(warning)}[/]");
        }
    }

    private static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("G", CultureInfo.InvariantCulture),
    };

    private static string Age(TimeSpan age)
    {
        var seconds = Math.Abs(age.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        return age < TimeSpan.Zero ? $"{seconds}s after now" : $"{seconds}s before now";
    }

    private static string Utc(DateTimeOffset t, bool seconds = false) =>
        t.UtcDateTime.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
