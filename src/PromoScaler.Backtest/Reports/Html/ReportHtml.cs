using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Core.Policies;

namespace PromoScaler.Backtest.Reports.Html;

/// <summary>
/// <c>DIR/report.html</c>: one self-contained page (its script, styles and data inline; nothing fetched) with the
/// run's chart (the web console's chart library, zoomable), the summary and per-window tables, the HPA frontier
/// with the policy's point, and the coverage sweep when one was run.
/// </summary>
public static class ReportHtml
{
    public const string FileName = "report.html";

    /// <summary>Writes the page whole (a temporary file, then renamed) into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, BacktestResult result, Provenance provenance, IReadOnlyList<CoveragePoint>? sweep)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(provenance);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Render(result, provenance, sweep ?? []), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public static string Render(BacktestResult result, Provenance provenance, IReadOnlyList<CoveragePoint> sweep)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(provenance);
        ArgumentNullException.ThrowIfNull(sweep);
        var title = $"Backtest of {result.Policy.Name}";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">")
            // Even opened from disk the page may not reach out: everything it needs is inline.
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">")
            .Append("<style>").Append(Asset("uPlot.min.css")).Append(Asset("report.css")).Append("</style></head><body>")
            .Append("<h1>").Append(E(title)).Append("</h1>")
            .Append("<p class=\"muted\">").Append(E($"{Instant.Format(result.Context.From)} to {Instant.Format(result.Context.To)}, {result.ScoredDays.ToString("0.##", CultureInfo.InvariantCulture)} days scored, capacity per replica {N(result.CapacityPerReplica)}; policy file {provenance.PolicyFile}, promoscaler {provenance.ToolVersion}")).Append("</p>")
            .Append("<h2>The run</h2><div class=\"chart\" id=\"chart\"></div>")
            .Append("<h2>Summary</h2>").Append(ReportTables.Summary(result))
            .Append("<h2>Pre-warm and freeze windows</h2>").Append(ReportTables.Windows(result))
            .Append("<h2>HPA frontier</h2>");
        html.Append(result.Frontier.Count > 0
            ? FrontierSvg.Render(result, sweep)
            : "<p class=\"muted\">The frontier was not run.</p>");
        if (sweep.Count > 0)
        {
            html.Append("<h2>Coverage sweep</h2>").Append(ReportTables.Sweep(result, sweep));
        }

        html.Append("<script type=\"application/json\" id=\"report-data\">").Append(ChartJson(result)).Append("</script>");
        foreach (var script in new[] { "uPlot.iife.min.js", "timechart.js", "report.js" })
        {
            html.Append("<script>").Append(Asset(script)).Append("</script>");
        }

        return html.Append("</body></html>").ToString();
    }

    // The default encoder escapes <, > and &, so the JSON cannot close its script element.
    private static string ChartJson(BacktestResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ReportChartData.Write(json, result);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Asset(string name)
    {
        using var stream = typeof(ReportHtml).Assembly.GetManifestResourceStream("PromoScaler.Backtest.Reports.Html." + name)
            ?? throw new InvalidOperationException($"the report asset {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    internal static string N(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
