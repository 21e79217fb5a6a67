using System.Globalization;
using PromoScaler.Backtest;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Core.Policies;
using Spectre.Console;

namespace PromoScaler.Cli.Output;

/// <summary>
/// The per-window tables of <c>promoscaler backtest</c>, one row per pre-warm and freeze occurrence in the range, the
/// same figures as windows.csv: how the window went, then what it cost (replica-hours, and money with a price).
/// </summary>
internal static class BacktestWindowsTableWriter
{
    public static void Write(BacktestResult result, IAnsiConsole console)
    {
        if (result.Windows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("window")
            .AddColumn("scored (UTC)")
            .AddColumn(new TableColumn("floor").RightAligned())
            .AddColumn(new TableColumn("ready").RightAligned())
            .AddColumn(new TableColumn("overload s").RightAligned())
            .AddColumn(new TableColumn("peak demand/cap").RightAligned());
        // Calibrated sizing: what it learned inside each window (in-window beta, rises remembered, largest trend growth).
        var learned = result.Windows.Any(w => w.Learned is not null);
        if (learned)
        {
            table.AddColumn(new TableColumn("learned: beta / rises / growth").RightAligned());
        }

        foreach (var w in result.Windows)
        {
            List<string> cells =
            [
                Markup.Escape(w.Window.Name),
                Span(w.Window.ScoredFrom, w.Window.ScoredTo),
                w.Floor is { } floor ? floor.ToString(CultureInfo.InvariantCulture) : "",
                w.ReadyAfter is { } after ? "+" + Duration.Describe(after) : "never",
                Number(w.OverloadedSeconds),
                $"{(double.IsNaN(w.PeakDemand) ? "no data" : Significant(w.PeakDemand))} / {Significant(w.PeakCapacity)}",
            ];
            if (learned)
            {
                cells.Add(Learned(w.Learned));
            }

            table.AddRow([.. cells]);
        }

        // Short lines rather than a title: a title wraps at the table's width.
        console.MarkupLine("[bold]announced windows[/], scored from start - lead + startup to start + hold (a freeze: its span)");
        console.MarkupLine("ready: when ready capacity first reached demand after start");
        console.Write(table);
        WriteCost(result, console);
    }

    private static void WriteCost(BacktestResult result, IAnsiConsole console)
    {
        var price = result.PricePerReplicaHour;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("window")
            .AddColumn(new TableColumn("policy").RightAligned())
            .AddColumn(new TableColumn("hpa").RightAligned())
            .AddColumn(new TableColumn("hpa at equal overload").RightAligned())
            .AddColumn(new TableColumn("oracle").RightAligned())
            .AddColumn(new TableColumn("extra").RightAligned());
        foreach (var w in result.Windows)
        {
            table.AddRow(
                Markup.Escape(w.Window.Name),
                Cost(w.ReplicaHours, price),
                Cost(w.HpaReplicaHours, price),
                w.HpaReplicaHoursAtEqualOverload is { } equal ? Cost(equal, price) : "outside frontier",
                Cost(w.OracleReplicaHours, price),
                Cost(w.ExtraReplicaHours, price));
        }

        console.MarkupLine(price is { } p
            ? $"[bold]cost per window[/] over the same span, replica-hours / at {Number(p)} per replica-h"
            : "[bold]replica-hours per window[/] over the same span");
        console.MarkupLine("hpa at equal overload: what the HPA frontier spends there overloaded as long; extra: over the policy without it");
        console.Write(table);
    }

    /// <summary>The in-window learning as one cell: beta (or "none yet") / rises / growth.</summary>
    internal static string Learned(WindowLearned? learned) => learned is { } l
        ? $"{(l.Beta is { } b ? Significant(b) : "none yet")} / {l.Rises.ToString(CultureInfo.InvariantCulture)} / {Significant(l.PeakGrowth)}"
        : "";

    private static string Cost(double replicaHours, double? price) =>
        price is { } p ? $"{Number(replicaHours)} / {Number(replicaHours * p)}" : Number(replicaHours);

    // The day once when both ends share it: 1995-07-13 13:12:30-14:41:00.
    private static string Span(DateTimeOffset from, DateTimeOffset to)
    {
        var (a, b) = (from.UtcDateTime, to.UtcDateTime);
        var end = a.Date == b.Date ? b.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : b.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{a.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}-{end}";
    }

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Significant(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
