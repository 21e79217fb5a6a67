using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace PromoScaler.Prometheus.Configuration;

/// <summary>Configuration built in code, for commands that take <c>--prometheus URL</c> instead of a configuration file.</summary>
public static class PrometheusSourceConfiguration
{
    /// <summary>
    /// A <c>Prometheus</c> section in which <c>default</c> and every name in <paramref name="sourceNames"/> point at
    /// <paramref name="url"/>, with <paramref name="timeout"/> per attempt (default 5s) and otherwise the defaults.
    /// </summary>
    public static IConfiguration ForUrl(Uri url, IEnumerable<string> sourceNames, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(sourceNames);
        var values = new Dictionary<string, string?>();
        foreach (var name in sourceNames.Append(Core.Policies.MetricSpec.DefaultSource).Distinct(StringComparer.Ordinal))
        {
            values[$"Sources:{name}:Url"] = url.ToString();
            if (timeout is { } t)
            {
                values[$"Sources:{name}:Timeout"] = t.ToString("c", CultureInfo.InvariantCulture);
                values[$"Sources:{name}:TotalTimeout"] = (t * 3).ToString("c", CultureInfo.InvariantCulture);
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
