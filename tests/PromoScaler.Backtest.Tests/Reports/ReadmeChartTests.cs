using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Reports.Chart;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Backtest.Tests.Reports;

/// <summary>
/// The chart of the README's quick start (the NASA launch example over the whole NASA trace): its panels and legend.
/// With PROMOSCALER_README_CHART set to a path, the rendered PNG is written there (docs/backtest-nasa-launch.png).
/// </summary>
public class ReadmeChartTests
{
    [Fact]
    public void Panels_NasaLaunchExample_OverviewAndTheLaunchCloseUpWithEveryLegendEntry()
    {
        var examples = Path.Combine(AppContext.BaseDirectory, "examples");
        var load = PolicyLoader.LoadPaths([Path.Combine(examples, "nasa-launch.yaml")], new DateTimeOffset(1995, 7, 12, 0, 0, 0, TimeSpan.Zero));
        Assert.True(load.Succeeded, string.Join("; ", load.Errors));
        var trace = TraceReader.Read(Path.Combine(AppContext.BaseDirectory, "traces", "nasa_http_jul1995_1min.csv"));
        var result = new BacktestRunner().Run(load.Policies[0], trace, new BacktestSettings(), withFrontier: false);

        var panels = ChartRenderer.Panels(result);

        Assert.Equal(
            ["nasa-launch: demand from 1995-07-01T04:01Z to 1995-07-28T17:31Z", "close-up: sts-70, freeze[0] (1995-07-13T12:11Z to 1995-07-13T16:11Z)"],
            panels.Select(p => p.Title));
        // The freeze lies inside the pre-warm: the legend has the overlap and the pre-warm alone, never a freeze alone.
        string[] shared = [ChartStyle.BothLegend, ChartStyle.PrewarmLegend, ChartStyle.OracleLegend, ChartStyle.PolicyLegend, ChartStyle.HpaLegend, ChartStyle.OverloadedLegend];
        Assert.Equal(shared, panels[0].LegendEntries.Where(e => !e.StartsWith("demand", StringComparison.Ordinal)));
        Assert.Contains(ChartStyle.RequestedLegend, panels[1].LegendEntries);
        if (Environment.GetEnvironmentVariable("PROMOSCALER_README_CHART") is { Length: > 0 } path)
        {
            ChartRenderer.Render(result, path);
        }
    }
}
