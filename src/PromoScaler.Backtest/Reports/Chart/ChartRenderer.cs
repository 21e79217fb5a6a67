using System.Globalization;
using PromoScaler.Backtest.Reports.Chart;

namespace PromoScaler.Backtest.Reports;

/// <summary>
/// backtest.png: an overview of the whole range, and one close-up per announced window (pre-warms and freezes
/// whose close-ups would overlap share one; at most <see cref="MaxCloseUps"/>), or of the demand peak when the
/// policy announces none. Each panel shows demand, the policy's, HPA's and the oracle's capacity, the policy's
/// overloaded stretches under the time axis, and the windows shaded (see <see cref="PanelBuilder"/>).
/// </summary>
public static class ChartRenderer
{
    /// <summary>Fonts tried in order; DejaVu Sans comes with Debian's fonts-dejavu-core, the others are common fallbacks.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans"];

    /// <summary>Chart width in pixels.</summary>
    public const int Width = 1800;

    /// <summary>Height of the overview panel in pixels.</summary>
    public const int OverviewHeight = 640;

    /// <summary>Height of a row of close-ups in pixels.</summary>
    public const int CloseUpHeight = 560;

    /// <summary>At most this many close-ups.</summary>
    public const int MaxCloseUps = 4;

    /// <summary>Buckets across the overview: about one per pixel of its data area.</summary>
    private const int OverviewBuckets = 1200;

    /// <summary>Renders <paramref name="result"/> to a PNG at <paramref name="path"/>.</summary>
    public static void Render(BacktestResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var panels = Panels(result);
        var height = panels.Max(p => p.Top + p.Height);
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        // Each plot fills (and clears) the canvas it renders to, so each gets its own and is then placed.
        foreach (var panel in panels)
        {
            using var part = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(panel.Width, panel.Height));
            panel.Plot.Render(part);
            using var image = part.Snapshot();
            surface.Canvas.DrawImage(image, panel.Left, panel.Top);
        }

        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    /// <summary>The panels and their places: the overview across the top, close-ups below, two to a row.</summary>
    internal static IReadOnlyList<ChartPanel> Panels(BacktestResult result)
    {
        var context = result.Context;
        var n = context.GridDemand.Length;
        var panels = new List<ChartPanel>();
        var overviewTitle = $"{result.Policy.Name}: {context.DemandMetric} from {Iso(context.From)} to {Iso(context.To)}";
        panels.Add(new ChartPanel(overviewTitle, PanelBuilder.Build(result, 0, n, OverviewBuckets, overviewTitle, requested: false), 0, 0, Width, OverviewHeight));

        var closeUps = PanelBuilder.CloseUps(result.Windows, MaxCloseUps);
        var ranges = closeUps.Count > 0
            ? closeUps.Select(c => (c.From, c.To, Title: $"close-up: {c.Label} ({Iso(c.From)} to {Iso(c.To)})")).ToList()
            : [PeakCloseUp(result)];
        var perRow = ranges.Count == 1 ? 1 : 2;
        for (var k = 0; k < ranges.Count; k++)
        {
            var (from, to, title) = ranges[k];
            var (a, b) = (context.GridIndexAtOrAfter(from), context.GridIndexAtOrAfter(to));
            if (b - a < 2)
            {
                (a, b) = (Math.Max(0, Math.Min(a, n - 2)), Math.Min(n, Math.Max(a, 0) + 2));
            }

            var width = Width / perRow;
            var plot = PanelBuilder.Build(result, a, b, OverviewBuckets / perRow, title, requested: true);
            panels.Add(new ChartPanel(title, plot, k % perRow * width, OverviewHeight + (k / perRow * CloseUpHeight), width, CloseUpHeight));
        }

        return panels;
    }

    private static (DateTimeOffset From, DateTimeOffset To, string Title) PeakCloseUp(BacktestResult result)
    {
        var context = result.Context;
        var peak = 0;
        for (var i = 1; i < context.GridDemand.Length; i++)
        {
            if (!double.IsNaN(context.GridDemand[i]) && (double.IsNaN(context.GridDemand[peak]) || context.GridDemand[i] > context.GridDemand[peak]))
            {
                peak = i;
            }
        }

        var at = context.GridTime(peak);
        var margin = TimeSpan.FromHours(3);
        return (at - margin, at + margin, $"close-up: demand peak at {Iso(at)} (no announced window in the range)");
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// The font family the chart's text uses, or null when the machine has none: the chart is then drawn without
    /// text, and the caller should say so (a bare Debian image has no fonts until <c>fonts-dejavu-core</c> is installed).
    /// </summary>
    public static string? AvailableFont()
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains) ?? installed.Order(StringComparer.Ordinal).FirstOrDefault();
    }
}
