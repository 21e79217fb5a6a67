using ScottPlot;

namespace PromoScaler.Backtest.Reports.Chart;

/// <summary>One panel of backtest.png: its plot and where it sits in the image.</summary>
/// <param name="Title">The panel's title.</param>
/// <param name="Plot">The ScottPlot model (tests read its plottables and legend back).</param>
/// <param name="Left">Left edge in the image, in pixels.</param>
/// <param name="Top">Top edge in the image, in pixels.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record ChartPanel(string Title, Plot Plot, int Left, int Top, int Width, int Height)
{
    /// <summary>The legend's entries, in order.</summary>
    public IReadOnlyList<string> LegendEntries =>
        [.. Plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText).Where(t => !string.IsNullOrEmpty(t))];
}
