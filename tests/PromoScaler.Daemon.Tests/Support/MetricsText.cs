using System.Globalization;
using Prometheus;

namespace PromoScaler.Daemon.Tests.Support;

/// <summary>Reads a registry the way a scraper does: the exposition text, one sample per line.</summary>
internal static class MetricsText
{
    public static string Export(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>, or null.</summary>
    public static double? Value(CollectorRegistry registry, string series) => Value(Export(registry), series);

    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
