using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromoScaler.Cloud.Configuration;
using PromoScaler.Cloud.Credentials;
using PromoScaler.Cloud.Resilience;
using PromoScaler.Cloud.Telemetry;
using PromoScaler.Core.Ports;
using Prometheus;

namespace PromoScaler.Cloud.DependencyInjection;

/// <summary>Registers the cloud VM group targets.</summary>
public static class CloudServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CloudScaleTargetProvider"/> as an <see cref="IScaleTargetProvider"/> for Tencent Cloud
    /// and AWS auto scaling groups, with <see cref="CloudOptions"/> bound from <paramref name="configuration"/>
    /// (the <c>Cloud</c> section; null: the defaults) and validated at start. Uses a <see cref="TimeProvider"/>, a
    /// <see cref="JitterSource"/>, a <see cref="CloudEnvironment"/> and a prometheus-net <see cref="IMetricFactory"/>
    /// (for <see cref="CloudMetrics"/>) from the container when registered (defaults: system clock, a shared
    /// generator, the process environment, prometheus-net's default registry). Registers the adapter's target kinds with
    /// the policy loader (<see cref="CloudTargetKinds.Register"/>).
    /// </summary>
    public static IServiceCollection AddCloudScaleTargets(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The policy loader reads this adapter's kinds from now on.
        CloudTargetKinds.Register();
        var options = services.AddOptions<CloudOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudOptions>, CloudOptionsValidator>());
        services.AddHttpClient(CloudConstants.HttpClientName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(JitterSource.Shared);
        services.TryAddSingleton(CloudEnvironment.Process);
        services.TryAddSingleton(sp => new CloudMetrics(sp.GetService<IMetricFactory>() ?? Metrics.DefaultFactory));
        services.TryAddSingleton(sp => new CredentialResolver(sp.GetRequiredService<CloudEnvironment>()));
        services.TryAddSingleton(sp => new ActionRateLimiters(sp.GetRequiredService<IOptions<CloudOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CloudScaleTargetProvider(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<CloudOptions>>(),
            sp.GetRequiredService<CredentialResolver>(),
            sp.GetRequiredService<ActionRateLimiters>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<JitterSource>(),
            sp.GetRequiredService<CloudMetrics>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScaleTargetProvider, CloudScaleTargetProvider>(sp => sp.GetRequiredService<CloudScaleTargetProvider>()));
        return services;
    }
}
