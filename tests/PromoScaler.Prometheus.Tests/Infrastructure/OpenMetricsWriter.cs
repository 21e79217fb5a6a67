using System.Globalization;
using System.Text;

namespace PromoScaler.Prometheus.Tests.Infrastructure;

/// <summary>Writes gauges in the OpenMetrics text format promtool imports (one family's lines together, "# EOF" last).</summary>
internal sealed class OpenMetricsWriter
{
    private readonly Dictionary<string, List<string>> _families = new(StringComparer.Ordinal);

    /// <summary>Adds one series' samples; <paramref name="labels"/> like <c>pod="a"</c> or empty.</summary>
    public OpenMetricsWriter Series(string family, string labels, IEnumerable<(DateTimeOffset Time, double Value)> samples)
    {
        if (!_families.TryGetValue(family, out var lines))
        {
            lines = [];
            _families[family] = lines;
        }

        var name = labels.Length == 0 ? family : $"{family}{{{labels}}}";
        foreach (var (time, value) in samples)
        {
            lines.Add($"{name} {Format(value)} {time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        }

        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (family, lines) in _families)
        {
            text.Append("# TYPE ").Append(family).Append(" gauge\n");
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.Append("# EOF\n").ToString();
    }

    private static string Format(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
