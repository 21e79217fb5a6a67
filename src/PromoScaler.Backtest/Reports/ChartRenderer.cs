using PromoScaler.Backtest.Replay;
using PromoScaler.Core.Calendar;
using ScottPlot;
using ScottPlot.Plottables;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// backtest.png: demand, the policy's serving capacity (ready x C) and HPA's, the requested replicas on a right-hand
/// axis, with pre-warm windows and freeze windows shaded, so a person sees where capacity lagged the crowd.
/// </summary>
public static class ChartRenderer
{
    /// <summary>Fonts tried in order; DejaVu Sans comes with Debian's fonts-dejavu-core, the others are common fallbacks.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans"];

    /// <summary>Chart width in pixels.</summary>
    public const int Width = 1600;

    /// <summary>Chart height in pixels: the whole range on top, a close-up below.</summary>
    public const int Height = 1200;

    /// <summary>Margin shown on each side of the close-up's event.</summary>
    private static readonly TimeSpan CloseUpMargin = TimeSpan.FromHours(3);

    /// <summary>
    /// Renders <paramref name="result"/> to a PNG at <paramref name="path"/>: the whole range, and a close-up of the
    /// first pre-warm window (or, without one, of the demand peak) where the detail a month hides is visible.
    /// </summary>
    public static void Render(BacktestResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = result.Context;
        var (closeFrom, closeTo, closeLabel) = CloseUp(result);
        var overview = BuildPlot(result, 0, context.GridDemand.Length, $"{result.Policy.Name}: {context.DemandMetric} backtest, C = {result.CapacityPerReplica:G4} per replica");
        var closeUp = BuildPlot(result, closeFrom, closeTo, $"close-up: {closeLabel}");

        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, Height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        // Each plot fills (and clears) the canvas it renders to, so each gets its own and is then placed.
        DrawAt(surface.Canvas, overview, 0);
        DrawAt(surface.Canvas, closeUp, Height / 2);
        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static void DrawAt(SkiaSharp.SKCanvas canvas, Plot plot, int top)
    {
        using var part = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, Height / 2));
        plot.Render(part);
        using var image = part.Snapshot();
        canvas.DrawImage(image, 0, top);
    }

    private static (int From, int To, string Label) CloseUp(BacktestResult result)
    {
        var context = result.Context;
        var n = context.GridDemand.Length;
        var step = BacktestSettings.GridStep;
        int Index(DateTimeOffset t) => (int)Math.Clamp((t - context.From).Ticks / step.Ticks, 0, n);

        foreach (var window in result.Policy.Spec.Prewarm)
        {
            foreach (var occurrence in WindowCalendar.PrewarmsBetween(window, context.From, context.To))
            {
                var label = $"pre-warm {window.Name}, start {occurrence.Start.UtcDateTime:yyyy-MM-dd HH:mm}Z";
                return (Index(occurrence.ActiveFrom - CloseUpMargin), Index(occurrence.ActiveUntil + CloseUpMargin), label);
            }
        }

        var peak = 0;
        for (var i = 1; i < n; i++)
        {
            if (!double.IsNaN(context.GridDemand[i]) && (double.IsNaN(context.GridDemand[peak]) || context.GridDemand[i] > context.GridDemand[peak]))
            {
                peak = i;
            }
        }

        var at = context.GridTime(peak);
        return (Index(at - CloseUpMargin), Index(at + CloseUpMargin), $"demand peak at {at.UtcDateTime:yyyy-MM-dd HH:mm}Z");
    }

    private static Plot BuildPlot(BacktestResult result, int from, int to, string title)
    {
        var context = result.Context;
        to = Math.Max(to, Math.Min(from + 2, context.GridDemand.Length));
        var x = new double[to - from];
        for (var i = from; i < to; i++)
        {
            x[i - from] = context.GridTime(i).UtcDateTime.ToOADate();
        }

        var plot = new Plot();
        UseAvailableFont(plot);
        var c = result.CapacityPerReplica;

        ShadeWindows(plot, result, context.GridTime(from), context.GridTime(to - 1));
        AddSegments(plot, x, context.GridDemand[from..to], "demand", Colors.Black, 1.2f);
        AddLine(plot, x, result.Hpa.Ready[from..to].Select(r => r * c).ToArray(), "HPA capacity (ready x C)", Colors.Gray.WithAlpha(0.8), 1f);
        AddLine(plot, x, result.Run.Ready[from..to].Select(r => r * c).ToArray(), "policy capacity (ready x C)", Colors.SteelBlue, 1.6f);
        var requested = AddLine(plot, x, result.Run.Requested[from..to].Select(r => (double)r).ToArray(), "policy requested replicas (right axis)", Colors.DarkOrange, 1f);
        requested.Axes.YAxis = plot.Axes.Right;
        requested.LinePattern = LinePattern.Dashed;

        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel($"{context.DemandMetric} (demand units)");
        plot.Axes.Right.Label.Text = "replicas (left axis / C)";
        plot.XLabel("time (UTC)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(0.01, 0.05);

        // The right axis is the left one divided by C, so a requested count sits level with the capacity it buys.
        plot.Axes.AutoScale();
        var left = plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Left);
        plot.Axes.SetLimitsY(left.Bottom / c, left.Top / c, plot.Axes.Right);
        return plot;
    }

    private static void ShadeWindows(Plot plot, BacktestResult result, DateTimeOffset from, DateTimeOffset to)
    {
        var labelled = false;
        foreach (var window in result.Policy.Spec.Prewarm)
        {
            foreach (var occurrence in WindowCalendar.PrewarmsBetween(window, from, to))
            {
                var span = Span(plot, occurrence.ActiveFrom, occurrence.ActiveUntil, from, to, Colors.Orange.WithAlpha(0.18));
                if (!labelled)
                {
                    span.LegendText = "pre-warm window";
                    labelled = true;
                }
            }
        }

        labelled = false;
        foreach (var freeze in result.Policy.Spec.Guardrails.Freeze)
        {
            foreach (var occurrence in FreezesBetween(freeze, from, to))
            {
                var span = Span(plot, occurrence.From, occurrence.Until, from, to, Colors.DodgerBlue.WithAlpha(0.15));
                if (!labelled)
                {
                    span.LegendText = "freeze window";
                    labelled = true;
                }
            }
        }
    }

    private static IEnumerable<FreezeOccurrence> FreezesBetween(Core.Policies.FreezeWindow window, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var occurrence in WindowCalendar.NextFreezes(window, from, int.MaxValue))
        {
            if (occurrence.From >= to)
            {
                yield break;
            }

            yield return occurrence;
        }
    }

    private static HorizontalSpan Span(Plot plot, DateTimeOffset a, DateTimeOffset b, DateTimeOffset from, DateTimeOffset to, Color color)
    {
        var left = (a < from ? from : a).UtcDateTime.ToOADate();
        var right = (b > to ? to : b).UtcDateTime.ToOADate();
        var span = plot.Add.HorizontalSpan(left, right, color);
        span.LineStyle.Width = 0;
        return span;
    }

    private static SignalXY AddLine(Plot plot, double[] x, double[] y, string label, Color color, float width)
    {
        var line = plot.Add.SignalXY(x, y, color);
        line.LegendText = label;
        line.LineWidth = width;
        return line;
    }

    // Demand can have holes (undefined): draw each defined stretch on its own so the line breaks there.
    private static void AddSegments(Plot plot, double[] x, double[] y, string label, Color color, float width)
    {
        var start = -1;
        var labelled = false;
        for (var i = 0; i <= y.Length; i++)
        {
            var defined = i < y.Length && !double.IsNaN(y[i]);
            if (defined && start < 0)
            {
                start = i;
            }
            else if (!defined && start >= 0)
            {
                var line = AddLine(plot, x[start..i], y[start..i], labelled ? string.Empty : label, color, width);
                if (labelled)
                {
                    line.LegendText = string.Empty;
                }

                labelled = true;
                start = -1;
            }
        }
    }

    /// <summary>
    /// The font family the chart's text uses, or null when the machine has none: the chart is then drawn without
    /// text, and the caller should say so (a bare Debian image has no fonts until <c>fonts-dejavu-core</c> is installed).
    /// </summary>
    public static string? AvailableFont()
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains) ?? installed.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    private static void UseAvailableFont(Plot plot)
    {
        if (AvailableFont() is { } font)
        {
            plot.Font.Set(font);
        }
    }
}
