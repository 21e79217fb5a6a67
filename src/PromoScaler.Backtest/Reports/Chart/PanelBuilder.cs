using System.Globalization;
using PromoScaler.Backtest.Scoring.Windows;
using ScottPlot;

namespace PromoScaler.Backtest.Reports.Chart;

/// <summary>
/// Builds one panel's plot over grid points [from, to): demand (its min-max envelope per bucket, or the line itself
/// when a bucket is one point), the policy's, HPA's and the oracle's capacity, the policy's overloaded stretches as
/// a strip under the time axis, and pre-warm, freeze and overlap shading, with the legend outside the data.
/// </summary>
internal static class PanelBuilder
{
    public static Plot Build(BacktestResult result, int from, int to, int buckets, string title, bool requested)
    {
        var context = result.Context;
        var c = result.CapacityPerReplica;
        var series = ChartSeries.Of(result, from, to, buckets);
        var plot = new Plot();
        if (ChartRenderer.AvailableFont() is { } font)
        {
            plot.Font.Set(font);
        }

        Shade(plot, result, context.GridTime(from), context.GridTime(Math.Max(from, to - 1)) + Replay.BacktestSettings.GridStep);
        var top = Demand(plot, series);
        top = Math.Max(top, Capacity(plot, series, series.Oracle, ChartStyle.OracleLegend, ChartStyle.Oracle, LinePattern.Dotted, 2f));
        // HPA's dashes are drawn over the policy's solid line, so both show where they coincide.
        top = Math.Max(top, Capacity(plot, series, series.Policy, ChartStyle.PolicyLegend, ChartStyle.Policy, LinePattern.Solid, 2.5f));
        top = Math.Max(top, Capacity(plot, series, series.Hpa, ChartStyle.HpaLegend, ChartStyle.Hpa, LinePattern.Dashed, 2f));
        if (requested)
        {
            var line = Capacity(plot, series, [.. series.Requested.Select(r => r * c)], ChartStyle.RequestedLegend, ChartStyle.Policy.WithAlpha(0.8), LinePattern.DenselyDashed, 1f);
            top = Math.Max(top, line);
        }

        top = top > 0 ? top * 1.05 : 1;
        var strip = top * 0.06;
        Overloaded(plot, series, -strip, -strip * 0.2);

        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 15;
        plot.YLabel($"{context.DemandMetric}: demand and capacity (ready replicas x C)");
        plot.Axes.Right.Label.Text = $"replicas (capacity / C, C = {c.ToString("G4", CultureInfo.InvariantCulture)} {context.DemandMetric} per replica)";
        if (plot.Axes.DateTimeTicksBottom().TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = ChartStyle.TickLabel;
        }

        // After the time axis replaced the bottom axis, which would drop a label set before.
        plot.XLabel(series.BucketSize > 1
            ? $"UTC (ISO 8601); demand drawn as its min-max per {Minutes(series.BucketSize)}, capacities as their mean"
            : "UTC (ISO 8601)");
        // The strip under zero marks overload; it has no values, so its ticks are not labelled.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = ChartStyle.ValueLabel };
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = ChartStyle.ValueLabel };

        plot.Axes.SetLimitsX(series.X.Length > 0 ? series.X[0] : 0, series.XEnd.Length > 0 ? series.XEnd[^1] : 1);
        plot.Axes.SetLimitsY(-strip, top);
        // The right axis is the left divided by C: a replica count sits level with the capacity it buys.
        plot.Axes.SetLimitsY(-strip / c, top / c, plot.Axes.Right);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 13;
        return plot;
    }

    private static string Minutes(int points)
    {
        var span = TimeSpan.FromTicks(points * Replay.BacktestSettings.GridStep.Ticks);
        return span.TotalHours >= 1 && span.TotalMinutes % 60 == 0 ? $"{span.TotalHours:0}h"
            : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min"
            : $"{span.TotalSeconds:0}s";
    }

    /// <summary>The demand envelope (or line), broken where it has no data; returns its top.</summary>
    private static double Demand(Plot plot, ChartSeries series)
    {
        var labelled = false;
        var top = 0.0;
        foreach (var (start, end) in ChartSeries.Runs(series.X.Length, i => !double.IsNaN(series.DemandMax[i])))
        {
            var x = series.X[start..end];
            var max = series.DemandMax[start..end];
            top = Math.Max(top, max.Max());
            if (series.BucketSize > 1)
            {
                var fill = plot.Add.FillY(x, series.DemandMin[start..end], max);
                fill.FillStyle.Color = ChartStyle.Demand.WithAlpha(0.30);
                fill.LineStyle.Width = 0.6f;
                fill.LineStyle.Color = ChartStyle.Demand.WithAlpha(0.6);
                fill.LegendText = labelled ? string.Empty : ChartStyle.DemandLegend + " (min-max per bucket)";
            }
            else
            {
                var line = plot.Add.ScatterLine(x, max, ChartStyle.Demand);
                line.LineWidth = 1.3f;
                line.LegendText = labelled ? string.Empty : ChartStyle.DemandLegend;
            }

            labelled = true;
        }

        return top;
    }

    /// <summary>A capacity as a step line (it changes at grid points), broken where it is undefined; returns its top.</summary>
    private static double Capacity(Plot plot, ChartSeries series, double[] values, string legend, Color color, LinePattern pattern, float width)
    {
        var labelled = false;
        var top = 0.0;
        foreach (var (start, end) in ChartSeries.Runs(series.X.Length, i => !double.IsNaN(values[i])))
        {
            // Each bucket holds its value until the next bucket starts: the last point repeats at the bucket's end.
            double[] x = [.. series.X[start..end], series.XEnd[end - 1]];
            double[] y = [.. values[start..end], values[end - 1]];
            var line = plot.Add.ScatterLine(x, y, color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = width;
            line.LinePattern = pattern;
            line.LegendText = labelled ? string.Empty : legend;
            labelled = true;
            top = Math.Max(top, y.Max());
        }

        return top;
    }

    /// <summary>
    /// The policy's overload as a strip from <paramref name="bottom"/> up to at most <paramref name="top"/>: each
    /// bucket's bar is as tall as the share of it that was overloaded (at least a fifth, so a single point shows).
    /// </summary>
    private static void Overloaded(Plot plot, ChartSeries series, double bottom, double top)
    {
        var labelled = false;
        foreach (var (start, end) in ChartSeries.Runs(series.X.Length, i => series.Overloaded[i] > 0))
        {
            for (var i = start; i < end; i++)
            {
                // Neighbouring buckets of the same height are one bar: fewer shapes, same picture.
                var share = Math.Max(0.2, series.Overloaded[i]);
                var j = i;
                while (j + 1 < end && Math.Max(0.2, series.Overloaded[j + 1]) == share)
                {
                    j++;
                }

                var box = plot.Add.Rectangle(series.X[i], series.XEnd[j], bottom, bottom + ((top - bottom) * share));
                box.FillStyle.Color = ChartStyle.Overloaded;
                box.LineStyle.Width = 0;
                box.LegendText = labelled ? string.Empty : ChartStyle.OverloadedLegend;
                labelled = true;
                i = j;
            }
        }
    }

    private static void Shade(Plot plot, BacktestResult result, DateTimeOffset from, DateTimeOffset to)
    {
        var windows = result.Windows.Select(w => w.Window).ToList();
        var labelled = new HashSet<Shade>();
        // A window shorter than 1/400 of the panel would be a hairline: it is drawn at least that wide.
        var least = (to - from) / 400;
        foreach (var (a, b, shade) in WindowShading.Between(windows, from, to))
        {
            var (left, right) = b - a >= least ? (a, b) : (a - ((least - (b - a)) / 2), b + ((least - (b - a)) / 2));
            var span = plot.Add.HorizontalSpan(left.UtcDateTime.ToOADate(), right.UtcDateTime.ToOADate());
            span.FillStyle.Color = Color(shade);
            span.LineStyle.Width = 0;
            span.LegendText = labelled.Add(shade) ? Legend(shade) : string.Empty;
        }

        // Every panel's legend names every shade the whole range has, so panels read alike: a shade this panel
        // lacks gets an entry from an empty span left of its data.
        var everywhere = WindowShading.Between(windows, result.Context.From, result.Context.To).Select(s => s.Shade).Distinct().Order();
        foreach (var shade in everywhere.Where(s => !labelled.Contains(s)))
        {
            var x = from.UtcDateTime.ToOADate() - 1;
            var span = plot.Add.HorizontalSpan(x - 1, x);
            span.FillStyle.Color = Color(shade);
            span.LineStyle.Width = 0;
            span.LegendText = Legend(shade);
        }
    }

    private static Color Color(Shade shade) => shade switch
    {
        Chart.Shade.Prewarm => ChartStyle.Prewarm,
        Chart.Shade.Freeze => ChartStyle.Freeze,
        _ => ChartStyle.PrewarmAndFreeze,
    };

    private static string Legend(Shade shade) => shade switch
    {
        Chart.Shade.Prewarm => ChartStyle.PrewarmLegend,
        Chart.Shade.Freeze => ChartStyle.FreezeLegend,
        _ => ChartStyle.BothLegend,
    };

    /// <summary>The windows a close-up shows, grouped when their close-ups would overlap.</summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To, string Label)> CloseUps(IReadOnlyList<WindowScore> windows, int max)
    {
        var groups = new List<(DateTimeOffset From, DateTimeOffset To, List<string> Names)>();
        foreach (var w in windows.Select(w => w.Window).OrderBy(w => w.ActiveFrom))
        {
            var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(1).Ticks, (w.End - w.ActiveFrom).Ticks / 2));
            var (a, b) = (w.ActiveFrom - margin, w.End + margin);
            if (groups.Count > 0 && a <= groups[^1].To)
            {
                var last = groups[^1];
                groups[^1] = (last.From, b > last.To ? b : last.To, last.Names.Contains(w.Name) ? last.Names : [.. last.Names, w.Name]);
            }
            else
            {
                groups.Add((a, b, [w.Name]));
            }
        }

        return [.. groups.Take(max).Select(g => (g.From, g.To, string.Join(", ", g.Names)))];
    }
}
