using System.Globalization;
using System.Net;
using System.Text;
using PromoScaler.Backtest.Scoring;

namespace PromoScaler.Backtest.Reports.Html;

/// <summary>
/// The HPA frontier plot of report.html as inline SVG (no script, no network): replica-hours against overloaded
/// seconds for HPA at each target of its frontier, the policy's point, and the coverage sweep's points when run.
/// </summary>
internal static class FrontierSvg
{
    private const int Width = 900;
    private const int Height = 520;
    private const int Left = 80;
    private const int Right = 30;
    private const int Top = 20;
    private const int Bottom = 60;

    public static string Render(BacktestResult result, IReadOnlyList<CoveragePoint> sweep)
    {
        var points = result.Frontier.Select(p => (X: p.Score.ReplicaHours, Y: p.Score.OverloadedSeconds))
            .Concat(sweep.Select(p => (X: p.Score.ReplicaHours, Y: p.Score.OverloadedSeconds)))
            .Append((X: result.Score.ReplicaHours, Y: result.Score.OverloadedSeconds))
            .ToList();
        var (x0, x1) = Span(points.Select(p => p.X));
        var (y0, y1) = Span(points.Select(p => p.Y));
        double Px(double x) => Left + ((x - x0) / (x1 - x0) * (Width - Left - Right));
        double Py(double y) => Height - Bottom - ((y - y0) / (y1 - y0) * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"frontier\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"HPA frontier and the policy\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"#fff\" stroke=\"#d1d9e0\"/>");
        for (var i = 0; i <= 5; i++)
        {
            var x = x0 + ((x1 - x0) * i / 5);
            var y = y0 + ((y1 - y0) * i / 5);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(x))}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\" class=\"tick\">{F(x)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{F(Py(y) + 4)}\" text-anchor=\"end\" class=\"tick\">{F(y)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Width + Left) / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">cost: replica-hours</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{Height / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Height / 2})\">overloaded seconds</text>");
        var hpa = result.Frontier.OrderBy(p => p.Score.ReplicaHours).ToList();
        if (hpa.Count > 0)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#8250df\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"")
                .AppendJoin(' ', hpa.Select(p => F(Px(p.Score.ReplicaHours)) + "," + F(Py(p.Score.OverloadedSeconds)))).Append("\"/>");
            foreach (var p in hpa)
            {
                // Every point has its title on hover; only every 20% is labelled, so the crowded end stays legible.
                var label = $"HPA at {p.Fraction.ToString("P0", CultureInfo.InvariantCulture)} of C";
                Point(svg, Px(p.Score.ReplicaHours), Py(p.Score.OverloadedSeconds), "#8250df", label, "hpa", labelled: Math.Abs((p.Fraction * 5) - Math.Round(p.Fraction * 5)) < 1e-6);
            }
        }

        foreach (var p in sweep)
        {
            Point(svg, Px(p.Score.ReplicaHours), Py(p.Score.OverloadedSeconds), "#1f6feb", $"coverage {p.Coverage}", "sweep");
        }

        Point(svg, Px(result.Score.ReplicaHours), Py(result.Score.OverloadedSeconds), "#cf222e", "the policy as declared", "policy", 7);
        return svg.Append("</svg>").ToString();
    }

    private static void Point(StringBuilder svg, double x, double y, string color, string label, string kind, int radius = 5, bool labelled = true)
    {
        var text = WebUtility.HtmlEncode(label);
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"point {kind}\"><circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{radius}\" fill=\"{color}\"><title>{text}</title></circle>");
        if (labelled)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 8)}\" y=\"{F(y - 8)}\" class=\"label\" fill=\"{color}\">{text}</text>");
        }

        svg.Append("</g>");
    }

    private static (double Low, double High) Span(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var (low, high) = (Math.Min(0, list.Min()), list.Max());
        return high - low < 1e-9 ? (low, low + 1) : (low, high + ((high - low) * 0.08));
    }

    private static string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
