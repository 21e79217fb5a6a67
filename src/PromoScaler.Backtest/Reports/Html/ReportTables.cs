using System.Globalization;
using System.Text;
using PromoScaler.Backtest.Scoring;
using PromoScaler.Backtest.Scoring.Windows;
using PromoScaler.Core.Policies;
using static PromoScaler.Backtest.Reports.Html.ReportHtml;

namespace PromoScaler.Backtest.Reports.Html;

/// <summary>The tables of report.html, each cell HTML-encoded.</summary>
internal static class ReportTables
{
    public static string Summary(BacktestResult result)
    {
        var rows = new (string Figure, Func<ScoreCard, string> Value)[]
        {
            ("overloaded seconds", s => N(s.OverloadedSeconds)),
            ("overloaded demand fraction", s => s.OverloadedDemandFraction.ToString("P3", CultureInfo.InvariantCulture)),
            ("replica-hours", s => N(s.ReplicaHours)),
            ("oracle replica-hours", s => N(s.OracleReplicaHours)),
            ("cost vs oracle", s => s.CostVsOracle is { } c ? N(c) : ""),
            ("peak replicas", s => s.PeakReplicas.ToString(CultureInfo.InvariantCulture)),
            ("scale events per day", s => N(result.EventsPerDay(s))),
        };
        var html = new StringBuilder("<div class=\"tablewrap\"><table class=\"summary\"><thead><tr><th>figure</th><th>policy</th><th>HPA</th></tr></thead><tbody>");
        foreach (var (figure, value) in rows)
        {
            html.Append("<tr><td>").Append(E(figure)).Append("</td><td class=\"num\">").Append(E(value(result.Score)))
                .Append("</td><td class=\"num\">").Append(E(value(result.HpaScore))).Append("</td></tr>");
        }

        html.Append("<tr><td>achieved coverage</td><td class=\"num\">").Append(E(result.AchievedCoverage.ToString("P3", CultureInfo.InvariantCulture))).Append("</td><td></td></tr>");
        if (result.Comparison.RatioVsHpa is { } ratio)
        {
            html.Append("<tr><td>overload vs HPA at equal cost</td><td class=\"num\">").Append(E(N(ratio))).Append("</td><td></td></tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }

    public static string Windows(BacktestResult result)
    {
        if (result.Windows.Count == 0)
        {
            return "<p class=\"muted\">The policy declares no pre-warm or freeze window in the range.</p>";
        }

        var learned = result.Windows.Any(w => w.Learned is not null); // calibrated sizing's in-window learning
        var html = new StringBuilder("<div class=\"tablewrap\"><table class=\"windows\"><thead><tr><th>kind</th><th>name</th><th>start</th><th>end</th><th>floor</th>"
            + "<th>ready after (s)</th><th>overloaded seconds</th><th>peak demand</th><th>peak capacity</th><th>replica-hours</th><th>HPA replica-hours</th><th>extra replica-hours</th>"
            + (learned ? "<th>in-window beta</th><th>rises remembered</th><th>trend growth (replicas)</th>" : "") + "</tr></thead><tbody>");
        foreach (var w in result.Windows)
        {
            List<string> cells =
            [
                w.Window.Kind == WindowKind.Prewarm ? "prewarm" : "freeze", w.Window.Name, Instant.Format(w.Window.Start), Instant.Format(w.Window.End),
                w.Floor?.ToString(CultureInfo.InvariantCulture) ?? "", w.ReadyAfter is { } after ? N(after.TotalSeconds) : "never",
                N(w.OverloadedSeconds), N(w.PeakDemand), N(w.PeakCapacity), N(w.ReplicaHours), N(w.HpaReplicaHours), N(w.ExtraReplicaHours),
            ];
            if (learned)
            {
                cells.AddRange([w.Learned?.Beta is { } beta ? N(beta) : "none yet", w.Learned is { } l ? N(l.Rises) : "", w.Learned is { } g ? N(g.PeakGrowth) : ""]);
            }

            html.Append("<tr>");
            for (var i = 0; i < cells.Count; i++)
            {
                html.Append(i >= 4 ? "<td class=\"num\">" : "<td>").Append(E(cells[i])).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }

    public static string Sweep(BacktestResult result, IReadOnlyList<CoveragePoint> sweep)
    {
        var html = new StringBuilder("<div class=\"tablewrap\"><table class=\"sweep\"><thead><tr><th>coverage</th><th>achieved</th><th>replica-hours</th>"
            + "<th>overloaded seconds</th><th>scale events per day</th><th>HPA overloaded seconds at equal cost</th></tr></thead><tbody>");
        foreach (var p in sweep)
        {
            html.Append("<tr><td>").Append(E(p.Coverage.ToString())).Append("</td><td class=\"num\">").Append(E(p.AchievedCoverage.ToString("P3", CultureInfo.InvariantCulture)))
                .Append("</td><td class=\"num\">").Append(E(N(p.Score.ReplicaHours))).Append("</td><td class=\"num\">").Append(E(N(p.Score.OverloadedSeconds)))
                .Append("</td><td class=\"num\">").Append(E(N(result.EventsPerDay(p.Score)))).Append("</td><td class=\"num\">")
                .Append(E(p.Comparison.HpaOverloadedSecondsAtEqualCost is { } h ? N(h) : "")).Append("</td></tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }
}
