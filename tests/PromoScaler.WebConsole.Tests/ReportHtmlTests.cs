using PromoScaler.Backtest;
using PromoScaler.Backtest.Replay;
using PromoScaler.Backtest.Reports;
using PromoScaler.Backtest.Reports.Html;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Traces;
using PromoScaler.Core.Policies;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.WebConsole.Tests.Support;

namespace PromoScaler.WebConsole.Tests;

/// <summary>The backtest's report.html, opened from disk in chromium with every network request refused.</summary>
public sealed class ReportHtmlTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ReportHtml_OpensWithNoNetwork_ChartZooms_TablesFrontierAndSweepAreThere()
    {
        var examples = Path.Combine(AppContext.BaseDirectory, "examples");
        var load = PolicyLoader.LoadPaths([Path.Combine(examples, "nasa-launch.yaml")], new DateTimeOffset(1995, 7, 12, 0, 0, 0, TimeSpan.Zero));
        Assert.True(load.Succeeded, string.Join("; ", load.Errors));
        var trace = TraceReader.Read(Path.Combine(AppContext.BaseDirectory, "traces", "nasa_http_jul1995_1min.csv"));
        var result = new BacktestRunner().Run(load.Policies[0], trace, new BacktestSettings(), withFrontier: true);
        // Two made-up sweep points: the page's part under test is how it shows them, not the sweep itself.
        CoveragePoint[] sweep =
        [
            new(Percentage.FromPercent(95), result.Score with { ReplicaHours = result.Score.ReplicaHours * 0.9 }, 0.95, result.Comparison),
            new(Percentage.FromPercent(99), result.Score with { ReplicaHours = result.Score.ReplicaHours * 1.1 }, 0.99, result.Comparison),
        ];
        var directory = Directory.CreateTempSubdirectory("promoscaler-report-").FullName;
        try
        {
            var provenance = new Provenance("test", "nasa-launch.yaml", "00", "nasa_http_jul1995_1min.csv", "00", []);
            var path = ReportHtml.Write(directory, result, provenance, sweep);

            await using var tab = await chromium.OpenAsync();
            await tab.Page.Context.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
            await tab.Page.GotoAsync(new Uri(path).AbsoluteUri);
            await tab.Page.WaitForSelectorAsync("#chart canvas");

            Assert.Empty(tab.Errors);
            Assert.All(tab.Requests, u => Assert.StartsWith("file:", u, StringComparison.Ordinal));
            Assert.Contains("overloaded seconds", await tab.Page.InnerTextAsync("table.summary"), StringComparison.Ordinal);
            Assert.Contains("sts-70", await tab.Page.InnerTextAsync("table.windows"), StringComparison.Ordinal);
            Assert.Equal(1, await tab.Page.Locator("svg.frontier g.policy").CountAsync());
            Assert.Equal(result.Frontier.Count, await tab.Page.Locator("svg.frontier g.hpa").CountAsync());
            Assert.Equal(2, await tab.Page.Locator("table.sweep tbody tr").CountAsync());

            // Drag across a tenth of the chart: both panels zoom to the same narrower range.
            var full = await tab.Page.EvaluateAsync<double>("() => { const u = document.getElementById('chart').plots[0]; return u.scales.x.max - u.scales.x.min; }");
            var over = (await tab.Page.Locator("#chart .u-over").First.BoundingBoxAsync())!;
            await tab.Page.Mouse.MoveAsync(over.X + (over.Width * 0.45f), over.Y + 20);
            await tab.Page.Mouse.DownAsync();
            await tab.Page.Mouse.MoveAsync(over.X + (over.Width * 0.55f), over.Y + 20, new() { Steps = 5 });
            await tab.Page.Mouse.UpAsync();
            var zoomed = await tab.Page.EvaluateAsync<double[]>("() => document.getElementById('chart').plots.map(u => u.scales.x.max - u.scales.x.min)");
            Assert.All(zoomed, z => Assert.InRange(z, full * 0.05, full * 0.15));

            var shot = await Screenshots.TakeAsync(tab.Page, "backtest-report");
            var (colors, drawn) = await Screenshots.MeasureAsync(chromium.Browser, shot);
            Assert.True(colors > 50 && drawn > 0.03, $"{shot} looks blank");
            Assert.Empty(tab.Errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
