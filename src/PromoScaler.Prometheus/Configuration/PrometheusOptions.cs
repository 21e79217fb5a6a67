namespace PromoScaler.Prometheus.Configuration;

/// <summary>
/// The configured Prometheus sources, bound from the <c>Prometheus</c> section. A policy metric picks one with
/// <c>source</c> (default <c>default</c>).
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>Sources by name (ordinal, case-sensitive, as in the policy). At least one is required.</summary>
    public IDictionary<string, PrometheusSourceOptions> Sources { get; } =
        new Dictionary<string, PrometheusSourceOptions>(StringComparer.Ordinal);
}
