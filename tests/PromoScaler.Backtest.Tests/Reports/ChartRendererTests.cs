using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Reports.Chart;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Tests.Fakes;
using SkiaSharp;
using static PromoScaler.Backtest.Tests.Fakes.Traces;

namespace PromoScaler.Backtest.Tests.Reports;

public sealed class ChartRendererTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "promoscaler-chart-" + Guid.NewGuid().ToString("N") + ".png");

    public void Dispose() => File.Delete(_path);

    /// <summary>
    /// Two days at 1 minute with a daily wave, a surge the pre-warm covers, an empty hour (a hole), and a freeze that
    /// overlaps the pre-warm's end.
    /// </summary>
    private static BacktestResult Run()
    {
        var values = Enumerable.Range(0, 2 * 1440)
            .Select(i => i is >= 1500 and < 1560 ? double.NaN : 20 + 15 * Math.Sin(2 * Math.PI * i / 1440) + (i is >= 2000 and < 2060 ? 40 : 0));
        var csv = Csv(TimeSpan.FromMinutes(1), values).Replace(",NaN\n", ",\n", StringComparison.Ordinal);
        var surge = T0 + TimeSpan.FromMinutes(2000);
        var policy = DemandPolicy.Builder(8, 10).Replicas(1, 40).Startup(TimeSpan.FromSeconds(90))
            .OneOffPrewarm("surge", surge, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(30), replicas: 9)
            .Freeze(surge + TimeSpan.FromMinutes(30), surge + TimeSpan.FromMinutes(120))
            .Build();
        return new BacktestRunner(ReactiveOnlyEngine.Decide).Run(policy, Parse(csv), new BacktestSettings(), withFrontier: false);
    }

    [Fact]
    public void AvailableFont_TestMachine_FindsAFontSoTheChartHasText()
    {
        // The test command installs fonts-dejavu-core; without any font the chart would be drawn without text.
        Assert.Equal("DejaVu Sans", ChartRenderer.AvailableFont());
    }

    [Fact]
    public void Panels_PrewarmAndFreeze_OverviewAndOneCloseUpWithEveryLegendEntry()
    {
        var panels = ChartRenderer.Panels(Run());

        // The pre-warm and the freeze overlap, so they share one close-up.
        Assert.Equal(2, panels.Count);
        Assert.StartsWith("web: demand from 2025-01-01T00:01Z to 2025-01-02T23:59Z", panels[0].Title, StringComparison.Ordinal);
        Assert.StartsWith("close-up: surge, freeze[0] (2025-01-02T07:50Z to", panels[1].Title, StringComparison.Ordinal);
        string[] expected =
        [
            ChartStyle.PrewarmLegend, ChartStyle.BothLegend, ChartStyle.FreezeLegend, "demand (min-max per bucket)",
            ChartStyle.OracleLegend, ChartStyle.PolicyLegend, ChartStyle.HpaLegend, ChartStyle.OverloadedLegend,
        ];
        Assert.Equal(expected, panels[0].LegendEntries);
        Assert.Contains(ChartStyle.RequestedLegend, panels[1].LegendEntries);
        Assert.Contains(ChartStyle.DemandLegend, panels[1].LegendEntries); // one point per bucket: the line itself
        Assert.Equal("demand: demand and capacity (ready replicas x C)", panels[0].Plot.Axes.Left.Label.Text);
        Assert.Equal("replicas (capacity / C, C = 10 demand per replica)", panels[0].Plot.Axes.Right.Label.Text);
    }

    [Fact]
    public void Render_RunWithPrewarmFreezeAndHole_APngOfThePanelsThatIsNotBlank()
    {
        var result = Run();

        ChartRenderer.Render(result, _path);

        using var bitmap = SKBitmap.Decode(_path);
        var panels = ChartRenderer.Panels(result);
        Assert.Equal((ChartRenderer.Width, panels.Max(p => p.Top + p.Height)), (bitmap.Width, bitmap.Height));
        // Not blank: the curves, shading and text put many distinct colours on the white background.
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 50, $"{colours.Count} colours");
        if (Environment.GetEnvironmentVariable("PROMOSCALER_KEEP_CHART") is { Length: > 0 } keep)
        {
            File.Copy(_path, keep, overwrite: true);
        }
    }
}
