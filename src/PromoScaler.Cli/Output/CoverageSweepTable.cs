using System.Globalization;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Scoring;
using Spectre.Console;

namespace PromoScaler.Cli.Output;

/// <summary>The console table of <c>--coverage-sweep</c>: per declared coverage, what it achieved and cost, beside HPA.</summary>
internal static class CoverageSweepTable
{
    public static void Write(IReadOnlyList<CoveragePoint> sweep, BacktestResult result, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]coverage sweep[/]")
            .AddColumn("declared")
            .AddColumn(new TableColumn("achieved").RightAligned())
            .AddColumn(new TableColumn("replica-hours").RightAligned())
            .AddColumn(new TableColumn("overloaded s").RightAligned())
            .AddColumn(new TableColumn("events/day").RightAligned())
            .AddColumn(new TableColumn("HPA overloaded s at equal cost").RightAligned())
            .AddColumn(new TableColumn("ratio vs HPA").RightAligned());
        foreach (var p in sweep)
        {
            table.AddRow(
                p.Coverage.ToString(),
                p.AchievedCoverage.ToString("0.###%", CultureInfo.InvariantCulture),
                p.Score.ReplicaHours.ToString("#,0.##", CultureInfo.InvariantCulture),
                p.Score.OverloadedSeconds.ToString("#,0", CultureInfo.InvariantCulture),
                result.EventsPerDay(p.Score).ToString("0.#", CultureInfo.InvariantCulture),
                p.Comparison.HpaOverloadedSecondsAtEqualCost?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "outside frontier",
                p.Comparison.RatioVsHpa?.ToString("0.###", CultureInfo.InvariantCulture) ?? "n/a");
        }

        console.Write(table);
    }
}
