using ScottPlot;

namespace PromoScaler.Backtest.Reports.Chart;

/// <summary>
/// Colours and line styles of backtest.png. The colours are the Okabe-Ito palette (distinguishable with the common
/// colour-vision deficiencies), and every series also differs by line style, so the chart reads in grey print too.
/// </summary>
internal static class ChartStyle
{
    public static readonly Color Demand = Color.FromHex("#000000");
    public static readonly Color Policy = Color.FromHex("#0072B2");
    public static readonly Color Hpa = Color.FromHex("#E69F00");
    public static readonly Color Oracle = Color.FromHex("#009E73");
    public static readonly Color Overloaded = Color.FromHex("#D55E00");
    public static readonly Color Prewarm = Color.FromHex("#F0E442").WithAlpha(0.45);
    public static readonly Color Freeze = Color.FromHex("#56B4E9").WithAlpha(0.35);
    public static readonly Color PrewarmAndFreeze = Color.FromHex("#CC79A7").WithAlpha(0.40);

    public const string DemandLegend = "demand";
    public const string PolicyLegend = "policy capacity (ready x C), solid";
    public const string HpaLegend = "HPA capacity, dashed";
    public const string OracleLegend = "oracle capacity (ceil(demand / C) x C), dotted";
    public const string RequestedLegend = "policy requested replicas (right axis), thin dashes";
    public const string OverloadedLegend = "policy overloaded (demand > ready capacity)";
    public const string PrewarmLegend = "pre-warm window (start - lead to end)";
    public const string FreezeLegend = "freeze window (no scale-down)";
    public const string BothLegend = "pre-warm and freeze together";

    /// <summary>Value tick labels: none below zero, where the overload strip is.</summary>
    public static string ValueLabel(double value) =>
        value < 0 ? string.Empty : value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// ISO-8601 tick labels in UTC: the date at midnight, the time of day otherwise (the axis and the title say the
    /// day), never a culture's order such as 07/13/1995.
    /// </summary>
    public static string TickLabel(DateTime t) => t.TimeOfDay == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        : t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
