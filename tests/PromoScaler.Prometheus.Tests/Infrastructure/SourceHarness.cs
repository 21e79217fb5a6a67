using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.DependencyInjection;
using PromoScaler.Prometheus.Telemetry;
using PromoScaler.Resilience;

namespace PromoScaler.Prometheus.Tests.Infrastructure;

/// <summary>
/// A fresh container per test (own breakers, own metrics registry) with the source <c>default</c> at a URL and any
/// extra configuration keys, relative to the <c>Prometheus</c> section.
/// </summary>
internal sealed class SourceHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    private SourceHarness(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<PrometheusQueryClient>();
        Source = provider.GetRequiredService<PrometheusMetricSource>();
        Metrics = provider.GetRequiredService<PrometheusSourceMetrics>();
    }

    public PrometheusQueryClient Client { get; }

    public PrometheusMetricSource Source { get; }

    public PrometheusSourceMetrics Metrics { get; }

    public static SourceHarness Create(
        Uri url,
        TimeProvider? timeProvider = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        JitterSource? jitter = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Sources:default:Url"] = url.ToString(),
            // Quick and bounded by default; a test that is about retries or breakers sets its own.
            ["Sources:default:Retry:MaxRetries"] = "0",
            ["Sources:default:CircuitBreaker:MinimumThroughput"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddSingleton<IMetricFactory>(global::Prometheus.Metrics.WithCustomRegistry(global::Prometheus.Metrics.NewCustomRegistry()));
        if (jitter is not null)
        {
            services.AddSingleton(jitter);
        }

        services.AddPrometheusMetricSource(configuration);
        configure?.Invoke(services);
        return new SourceHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public void Dispose() => _provider.Dispose();
}
