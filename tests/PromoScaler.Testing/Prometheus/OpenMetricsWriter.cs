using System.Globalization;
using System.Text;

namespace PromoScaler.Testing.Prometheus;

/// <summary>
/// Writes series in the OpenMetrics text format <c>promtool tsdb create-blocks-from openmetrics</c> imports: one
/// family's lines together, <c># EOF</c> last, timestamps in Unix seconds (milliseconds kept).
/// </summary>
public sealed class OpenMetricsWriter
{
    private readonly Dictionary<string, (string Type, List<string> Lines)> _families = new(StringComparer.Ordinal);

    /// <summary>Adds one gauge series' samples; <paramref name="labels"/> like <c>pod="a"</c> or empty.</summary>
    public OpenMetricsWriter Series(string family, string labels, IEnumerable<(DateTimeOffset Time, double Value)> samples) =>
        Add(family, "gauge", family, labels, samples);

    /// <summary>
    /// Adds one counter series' samples. OpenMetrics names the family without the suffix and each sample
    /// <c>family_total</c>, which is the series name PromQL then sees.
    /// </summary>
    public OpenMetricsWriter Counter(string family, string labels, IEnumerable<(DateTimeOffset Time, double Value)> samples) =>
        Add(family, "counter", family + "_total", labels, samples);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (family, (type, lines)) in _families)
        {
            text.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.Append("# EOF\n").ToString();
    }

    private OpenMetricsWriter Add(string family, string type, string sampleName, string labels, IEnumerable<(DateTimeOffset Time, double Value)> samples)
    {
        if (!_families.TryGetValue(family, out var entry))
        {
            entry = (type, []);
            _families[family] = entry;
        }
        else if (entry.Type != type)
        {
            throw new ArgumentException($"family {family} is already a {entry.Type}", nameof(type));
        }

        var name = labels.Length == 0 ? sampleName : $"{sampleName}{{{labels}}}";
        foreach (var (time, value) in samples)
        {
            entry.Lines.Add($"{name} {Format(value)} {Seconds(time)}");
        }

        return this;
    }

    private static string Seconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
