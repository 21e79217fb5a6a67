using System.Globalization;
using PromoScaler.Backtest;
using Spectre.Console;

namespace PromoScaler.Cli.Output;

/// <summary>
/// The per-window table of <c>promoscaler backtest</c>: one row per pre-warm and freeze occurrence in the range,
/// the same figures as windows.csv.
/// </summary>
internal static class BacktestWindowsTableWriter
{
    public static void Write(BacktestResult result, IAnsiConsole console)
    {
        if (result.Windows.Count == 0)
        {
            return;
        }

        var price = result.PricePerReplicaHour;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("window")
            .AddColumn("scored (UTC)")
            .AddColumn(new TableColumn("floor").RightAligned())
            .AddColumn(new TableColumn("ready").RightAligned())
            .AddColumn(new TableColumn("overload s").RightAligned())
            .AddColumn(new TableColumn("peak demand/cap").RightAligned())
            .AddColumn(new TableColumn("extra rep-h").RightAligned());
        if (price is not null)
        {
            table.AddColumn(new TableColumn("extra cost").RightAligned());
        }

        foreach (var w in result.Windows)
        {
            var cells = new List<string>
            {
                Markup.Escape(w.Window.Name),
                Span(w.Window.ScoredFrom, w.Window.ScoredTo),
                w.Floor is { } floor ? floor.ToString(CultureInfo.InvariantCulture) : "",
                w.ReadyAfter is { } after ? "+" + Duration(after) : "never",
                Number(w.OverloadedSeconds),
                $"{(double.IsNaN(w.PeakDemand) ? "no data" : Significant(w.PeakDemand))} / {Significant(w.PeakCapacity)}",
                Number(w.ExtraReplicaHours),
            };
            if (price is { } p)
            {
                cells.Add(Number(w.ExtraReplicaHours * p));
            }

            table.AddRow([.. cells]);
        }

        // Two short lines rather than a title: a title wraps at the table's width.
        console.MarkupLine("[bold]announced windows[/], scored from start - lead + startup to start + hold (a freeze: its span)");
        console.MarkupLine("ready: when ready capacity first reached demand after start; extra: over the policy without it");
        console.Write(table);
    }

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{span.TotalSeconds:0}s";
        }

        var text = span.Days > 0 ? $"{span.Days}d" : "";
        text += span.Hours > 0 ? $"{span.Hours}h" : "";
        text += span.Minutes > 0 ? $"{span.Minutes}m" : "";
        return text + (span.Seconds > 0 ? $"{span.Seconds}s" : "");
    }

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
