using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Forecasting;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Telemetry;
using Prometheus;

namespace PromoScaler.Daemon.Hosting;

/// <summary>Registers the daemon's parts; every registration is a TryAdd so tests (and the demo) can replace one.</summary>
public static class DaemonServiceCollectionExtensions
{
    /// <summary>
    /// The catalog, the evaluation loop, the state keeper, readiness and telemetry, with their options bound from
    /// <paramref name="configuration"/> and validated at start. Uses the <see cref="CollectorRegistry"/>,
    /// <see cref="TimeProvider"/> and <see cref="ILeadership"/> already registered, else prometheus-net's default
    /// registry, the system clock and a sole replica.
    /// </summary>
    public static IServiceCollection AddPromoScalerDaemon(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<PolicyCatalogOptions, PolicyCatalogOptionsValidator>(configuration, DaemonConstants.PoliciesSection);
        services.AddValidatedOptions<EvaluationOptions, NoCrossFieldRules<EvaluationOptions>>(configuration, DaemonConstants.EvaluationSection);
        services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(configuration, DaemonConstants.AdminSection);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.TryAddSingleton<IMetricFactory>(sp => Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton(sp => new DaemonMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.TryAddSingleton<DaemonReadiness>();
        services.TryAddSingleton<ILeadership, SoleReplica>();
        services.TryAddSingleton<PolicyCatalog>();
        services.TryAddSingleton<StateKeeper>();
        services.TryAddSingleton<TargetResolver>();
        services.TryAddSingleton<PolicyEvaluator>();
        services.TryAddSingleton<IMetricHistory, PrometheusMetricHistory>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<EvaluationLoop>(sp));
        services.AddHostedService<PolicyDirectoryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EvaluationLoop>());
        return services;
    }

    /// <summary>
    /// The state store <c>State:Kind</c> names: <c>File</c> (<see cref="FileStateStore"/> at <c>State:File</c>), or
    /// <c>ConfigMap</c>, which needs an <see cref="IStateStore"/> registered by the Kubernetes adapter.
    /// </summary>
    public static IServiceCollection AddDaemonStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<StateStoreOptions, NoCrossFieldRules<StateStoreOptions>>(configuration, DaemonConstants.StateSection);
        services.TryAddSingleton<IStateStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StateStoreOptions>>().Value;
            return options.Kind == StateStoreKind.File
                ? new FileStateStore(options.File)
                : throw new InvalidOperationException($"{DaemonConstants.StateSection}:Kind: ConfigMap needs the Kubernetes adapter registered");
        });
        return services;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }

    /// <summary>For options whose data annotations say everything.</summary>
    private sealed class NoCrossFieldRules<TOptions> : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options) => ValidateOptionsResult.Skip;
    }
}
