using System.Text.Json;
using PromoScaler.Backtest.Reports.Chart;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Core.Engine;

namespace PromoScaler.Backtest.Reports.Html;

/// <summary>
/// The run as report.html's chart draws it (the console's time chart): the grid in at most
/// <see cref="MaxBuckets"/> buckets, demand as its envelope, capacities and counts as bucket means, the reason at
/// each bucket's start, the windows shaded. Written as JSON into the page.
/// </summary>
internal static class ReportChartData
{
    /// <summary>Buckets drawn at most: enough to zoom into a sale day of a month-long run and still see the ticks.</summary>
    public const int MaxBuckets = 6000;

    public static void Write(Utf8JsonWriter json, BacktestResult result)
    {
        var series = ChartSeries.Of(result, 0, result.Context.GridDemand.Length, MaxBuckets);
        var c = result.CapacityPerReplica;
        json.WriteStartObject();
        Array(json, "x", series.X, oa => Math.Round((oa - 25569) * 86400));
        Array(json, "demandMax", series.DemandMax, v => v);
        Array(json, "demandMin", series.DemandMin, v => v);
        Array(json, "policyCapacity", series.Policy, v => v);
        Array(json, "hpaCapacity", series.Hpa, v => v);
        Array(json, "requested", series.Requested, v => v);
        Array(json, "policyReady", series.Policy, v => v / c);
        Array(json, "hpaReady", series.Hpa, v => v / c);
        json.WriteStartArray("reasons");
        var reasons = result.Run.Reasons;
        for (var b = 0; b < series.X.Length; b++)
        {
            var i = b * series.BucketSize;
            json.WriteStringValue(i < reasons.Count ? reasons[i].ToCode() : "");
        }

        json.WriteEndArray();
        json.WriteStartArray("bands");
        foreach (var w in result.Windows)
        {
            json.WriteStartObject();
            json.WriteNumber("from", w.Window.ActiveFrom.ToUnixTimeSeconds());
            json.WriteNumber("until", w.Window.End.ToUnixTimeSeconds());
            json.WriteString("kind", w.Window.Kind == WindowKind.Prewarm ? "prewarm" : "freeze");
            json.WriteString("label", w.Window.Name);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("step", series.BucketSize * Replay.BacktestSettings.GridStep.TotalSeconds);
        json.WriteEndObject();
    }

    // JSON has no NaN: a bucket without data is null, which the chart draws as a gap.
    private static void Array(Utf8JsonWriter json, string name, double[] values, Func<double, double> map)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            var v = map(value);
            if (double.IsFinite(v))
            {
                json.WriteNumberValue(Math.Round(v, 3));
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}
