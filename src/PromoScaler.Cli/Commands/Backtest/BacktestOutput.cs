using PromoScaler.Backtest;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Reports.Chart;
using PromoScaler.Backtest.Reports.Html;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Cli.Output;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>What a finished backtest leaves: its files (all or nothing), the report on stdout, notes on stderr.</summary>
internal static class BacktestOutput
{
    public static void Write(BacktestRequest request, BacktestResult result, Provenance provenance, IAnsiConsole console, IAnsiConsole errors, IReadOnlyList<CoveragePoint>? sweep = null)
    {
        var files = BacktestReportWriter.Write(result, provenance, request.OutDirectory, request.Chart ? ChartRenderer.Render : null);
        if (sweep is not null)
        {
            files = [.. files, CoverageSweepCsv.Write(request.OutDirectory, sweep, result)];
            if (request.Chart && result.Frontier.Count > 0)
            {
                var chart = Path.Combine(request.OutDirectory, FrontierChart.File);
                FrontierChart.Render(result, sweep, chart);
                files = [.. files, chart];
            }
        }

        // The same figures as one page to open in a browser, written last so it sees the sweep.
        files = [.. files, ReportHtml.Write(request.OutDirectory, result, provenance, sweep)];
        if (request.Output == OutputFormat.Json)
        {
            console.Profile.Out.Writer.Write(File.ReadAllText(Path.Combine(request.OutDirectory, BacktestReportWriter.SummaryFile)));
            console.Profile.Out.Writer.WriteLine();
            return;
        }

        // Named as the user named the directory (out/summary.json), not by the absolute path the writer resolved.
        BacktestTableWriter.Write(result, [.. files.Select(f => Path.Join(request.OutDirectory, Path.GetFileName(f)))], console);
        if (sweep is not null)
        {
            CoverageSweepTable.Write(sweep, result, console);
        }
        if (request.Settings.PerfectForecast is not null)
        {
            errors.MarkupLine("[yellow]note: --perfect-forecast replaced the model by the trace's own future: these figures bound what any model could reach, they are not the policy's[/]");
        }

        if (request.Chart && ChartRenderer.AvailableFont() is null)
        {
            errors.MarkupLine($"[yellow]warning: no font is installed, so {BacktestReportWriter.ChartFile} has no text; install one (Debian: apt-get install fonts-dejavu-core)[/]");
        }
    }
}
