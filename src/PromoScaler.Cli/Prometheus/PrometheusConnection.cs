using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Policies;
using PromoScaler.Prometheus;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.DependencyInjection;

namespace PromoScaler.Cli.Prometheus;

/// <summary>
/// The Prometheus source behind <c>--prometheus URL</c>: every source a policy names, and <c>default</c>, point at
/// the one URL, with the daemon's client, timeouts, retries and breaker. Disposing it releases the HTTP handlers.
/// </summary>
internal sealed class PrometheusConnection : IDisposable
{
    private readonly ServiceProvider _provider;

    private PrometheusConnection(ServiceProvider provider, Uri url)
    {
        _provider = provider;
        Url = url;
    }

    /// <summary>The URL every source points at.</summary>
    public Uri Url { get; }

    /// <summary>The client, for range queries.</summary>
    public PrometheusQueryClient Client => _provider.GetRequiredService<PrometheusQueryClient>();

    /// <summary>The daemon's metric source, for instant reads.</summary>
    public PrometheusMetricSource Source => _provider.GetRequiredService<PrometheusMetricSource>();

    /// <summary>The history reader, for backtests.</summary>
    public PrometheusHistoryReader History => _provider.GetRequiredService<PrometheusHistoryReader>();

    /// <summary>
    /// Connects the sources named by <paramref name="policies"/> to <paramref name="url"/>. Requests run on the real
    /// clock whatever clock the command reads "now" from: timeouts and backoff are real waits on a real server.
    /// </summary>
    /// <exception cref="OptionsValidationException">The URL is not usable as a source (the message names the field).</exception>
    public static PrometheusConnection Open(Uri url, IEnumerable<ScalingPolicy> policies)
    {
        var sources = policies.SelectMany(p => p.Spec.Metrics).Select(m => m.Source).Distinct(StringComparer.Ordinal);
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        // A registry of its own: the command's telemetry is not exported anywhere, and runs in one process stay apart.
        services.AddSingleton<global::Prometheus.IMetricFactory>(
            global::Prometheus.Metrics.WithCustomRegistry(global::Prometheus.Metrics.NewCustomRegistry()));
        services.AddPrometheusMetricSource(PrometheusSourceConfiguration.ForUrl(url, sources));
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<PrometheusOptions>>().Value; // validate now, not at the first query
            return new PrometheusConnection(provider, url);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public void Dispose() => _provider.Dispose();
}
