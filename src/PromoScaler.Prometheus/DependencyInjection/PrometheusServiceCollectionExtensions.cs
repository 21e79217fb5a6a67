using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using PromoScaler.Core.Ports;
using PromoScaler.Prometheus.Api;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.Resilience;
using PromoScaler.Prometheus.Telemetry;
using PromoScaler.Prometheus.Validation;

namespace PromoScaler.Prometheus.DependencyInjection;

/// <summary>Registers the Prometheus metric source.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="PrometheusOptions"/> from <paramref name="configuration"/> (the <c>Prometheus</c> section),
    /// validates them at start, and registers <see cref="PrometheusQueryClient"/>, <see cref="PrometheusHistoryReader"/> and <see cref="IMetricSource"/>.
    /// Uses a <see cref="TimeProvider"/>, an <see cref="IMetricFactory"/> and a <see cref="JitterSource"/> from the
    /// container when registered (defaults: system clock, prometheus-net's default registry, a shared generator).
    /// </summary>
    public static IServiceCollection AddPrometheusMetricSource(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PrometheusOptions>()
            .Bind(configuration)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrometheusOptions>, PrometheusOptionsValidator>());
        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, PrometheusHttpClientConfigurator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(JitterSource.Shared);
        services.TryAddSingleton(sp => new PrometheusSourceMetrics(sp.GetService<IMetricFactory>() ?? Metrics.DefaultFactory));
        services.TryAddSingleton(sp => new PrometheusQueryClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<PrometheusOptions>>(),
            sp.GetRequiredService<PrometheusSourceMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<JitterSource>(),
            sp.GetService<ILogger<PrometheusQueryClient>>() ?? NullLogger<PrometheusQueryClient>.Instance));
        services.TryAddSingleton<PrometheusHistoryReader>();
        services.TryAddSingleton<PrometheusPolicyChecker>();
        services.TryAddSingleton<PrometheusMetricSource>();
        services.TryAddSingleton<IMetricSource>(sp => sp.GetRequiredService<PrometheusMetricSource>());
        return services;
    }
}
