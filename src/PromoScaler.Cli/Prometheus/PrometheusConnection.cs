using System.Globalization;
using Microsoft.Extensions.Configuration;
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
    /// <summary>The largest <c>CircuitBreaker.MinimumThroughput</c> the options accept.</summary>
    private const int MaxBreakerThroughput = 1000;

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
        var sources = policies.SelectMany(p => p.Spec.Metrics).Select(m => m.Source).Append(MetricSpec.DefaultSource).Distinct(StringComparer.Ordinal).ToList();
        // A command reads once and stops at the first failure: a breaker would only replace the real cause
        // (connection refused, timeout) with "circuit open" on the queries after it.
        var oneShot = sources.ToDictionary(
            name => $"Sources:{name}:CircuitBreaker:MinimumThroughput",
            _ => (string?)MaxBreakerThroughput.ToString(CultureInfo.InvariantCulture));
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(PrometheusSourceConfiguration.ForUrl(url, sources))
            .AddInMemoryCollection(oneShot)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        // A registry of its own: the command's telemetry is not exported anywhere, and runs in one process stay apart.
        services.AddSingleton<global::Prometheus.IMetricFactory>(
            global::Prometheus.Metrics.WithCustomRegistry(global::Prometheus.Metrics.NewCustomRegistry()));
        services.AddPrometheusMetricSource(configuration);
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
