using System.Globalization;
using PromoScaler.Backtest.Scoring;
using ScottPlot;

namespace PromoScaler.Backtest.Reports.Chart;

/// <summary>
/// frontier.png: cost (replica-hours) against overloaded seconds for HPA at each target of its frontier, the policy,
/// and the policy at each coverage of a <c>--coverage-sweep</c>, so the trade-off reads at a glance: a point below
/// and left of HPA's line is better at equal cost.
/// </summary>
public static class FrontierChart
{
    public const string File = "frontier.png";
    public const string HpaLegend = "HPA at 20% ... 100% of C (its frontier), dashed";
    public const string PolicyLegend = "the policy as declared";
    public const string SweepLegend = "the policy at other coverages (--coverage-sweep)";
    public const int Width = 1400;
    public const int Height = 860;

    /// <summary>Renders the chart of <paramref name="result"/>'s frontier and <paramref name="sweep"/> to a PNG at <paramref name="path"/>.</summary>
    public static void Render(BacktestResult result, IReadOnlyList<CoveragePoint> sweep, string path) =>
        Build(result, sweep).SavePng(path, Width, Height);

    /// <summary>The plot (tests read its legend and series back).</summary>
    public static Plot Build(BacktestResult result, IReadOnlyList<CoveragePoint> sweep)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(sweep);
        var plot = new Plot();
        if (ChartRenderer.AvailableFont() is { } font)
        {
            plot.Font.Set(font);
        }

        var hpa = result.Frontier.OrderBy(p => p.Score.ReplicaHours).ToArray();
        if (hpa.Length > 0)
        {
            var line = plot.Add.Scatter(hpa.Select(p => p.Score.ReplicaHours).ToArray(), hpa.Select(p => p.Score.OverloadedSeconds).ToArray(), ChartStyle.Hpa);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = HpaLegend;
            foreach (var point in hpa)
            {
                Label(plot, point.Fraction.ToString("P0", CultureInfo.InvariantCulture), point.Score, ChartStyle.Hpa);
            }
        }

        if (sweep.Count > 0)
        {
            var ordered = sweep.OrderBy(p => p.Score.ReplicaHours).ToArray();
            var points = plot.Add.Scatter(ordered.Select(p => p.Score.ReplicaHours).ToArray(), ordered.Select(p => p.Score.OverloadedSeconds).ToArray(), ChartStyle.Policy);
            points.LineWidth = 1;
            points.MarkerSize = 9;
            points.MarkerShape = MarkerShape.FilledSquare;
            points.LegendText = SweepLegend;
            foreach (var point in ordered)
            {
                Label(plot, point.Coverage.ToString(), point.Score, ChartStyle.Policy);
            }
        }

        var policy = plot.Add.ScatterPoints(new[] { result.Score.ReplicaHours }, new[] { result.Score.OverloadedSeconds }, ChartStyle.Overloaded);
        policy.MarkerSize = 14;
        policy.MarkerShape = MarkerShape.FilledDiamond;
        policy.LegendText = PolicyLegend;

        plot.Axes.Title.Label.Text = "cost against overload: lower left is better";
        plot.Axes.Bottom.Label.Text = "cost (replica-hours over the scored range)";
        plot.Axes.Left.Label.Text = "overloaded seconds (demand > ready capacity)";
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top); // overload is never negative
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static void Label(Plot plot, string text, ScoreCard score, Color color)
    {
        var label = plot.Add.Text(text, score.ReplicaHours, score.OverloadedSeconds);
        label.LabelFontColor = color;
        label.LabelFontSize = 12;
        label.OffsetX = 6;
        label.OffsetY = -6;
    }
}
