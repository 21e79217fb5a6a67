using System.Globalization;
using PromoScaler.Backtest.Traces;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Backtest;

/// <summary>
/// The warnings about data a backtest scores without (stderr): each trace hole with its range (the first
/// <see cref="HolesShown"/> per metric, then a count), and the share of scored grid points without data.
/// </summary>
internal static class DataQualityWarnings
{
    /// <summary>Holes listed per metric; summary.json counts them all.</summary>
    public const int HolesShown = 10;

    public static void Write(DataQuality quality, IAnsiConsole errors)
    {
        foreach (var metric in quality.Holes.GroupBy(h => h.Metric))
        {
            foreach (var hole in metric.Take(HolesShown))
            {
                errors.MarkupLine($"[yellow]warning: trace hole: {Markup.Escape(hole.ToString())}[/]");
            }

            var more = metric.Count() - HolesShown;
            if (more > 0)
            {
                errors.MarkupLine($"[yellow]warning: trace hole: {Markup.Escape(metric.Key)}: {more.ToString("#,0", CultureInfo.InvariantCulture)} more (every one is in summary.json dataQuality)[/]");
            }
        }

        if (quality.GridPointsWithoutData > 0)
        {
            errors.MarkupLine(
                $"[yellow]warning: {quality.GridPointsWithoutData.ToString("#,0", CultureInfo.InvariantCulture)} of {quality.GridPoints.ToString("#,0", CultureInfo.InvariantCulture)} scored grid points " +
                $"({quality.FractionWithoutData.ToString("0.##%", CultureInfo.InvariantCulture)}) have no demand data: they count neither as served nor as overloaded[/]");
        }
    }
}
