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
        }

        var summary = $"{Count(report.Policies.Count, "policy", "policies")}, {Count(report.Errors.Count, "error", "errors")}, {Count(report.Warnings.Count, "warning", "warnings")}";
        console.MarkupLine(report.Valid
            ? $"[green]valid[/]: {summary}"
            : $"[red]invalid[/]: {summary}; nothing was loaded");
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
