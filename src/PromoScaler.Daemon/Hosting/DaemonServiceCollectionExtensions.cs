using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using PromoScaler.Admin;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Ports;
using PromoScaler.Cloud.DependencyInjection;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Admin;
using PromoScaler.Daemon.Catalog;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Evaluation;
using PromoScaler.Daemon.Forecasting;
using PromoScaler.Daemon.Health;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Daemon.Scheduling;
using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.State;
using PromoScaler.Daemon.Status;
using PromoScaler.Daemon.Telemetry;
using PromoScaler.Kubernetes.Connection;
using PromoScaler.Kubernetes.DependencyInjection;
using PromoScaler.Resilience;

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
        services.AddValidatedOptions<PolicyCatalogOptions, PolicyCatalogOptionsAnnotations>(configuration, DaemonConstants.PoliciesSection)
            .CrossField<PolicyCatalogOptions, PolicyCatalogOptionsValidator>();
        services.AddValidatedOptions<EvaluationOptions, EvaluationOptionsAnnotations>(configuration, DaemonConstants.EvaluationSection);
        services.AddValidatedOptions<AdminOptions, AdminOptionsAnnotations>(configuration, DaemonConstants.AdminSection)
            .CrossField<AdminOptions, AdminOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.TryAddSingleton<IMetricFactory>(sp => Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton(sp => new DaemonMetrics(sp.GetRequiredService<IMetricFactory>()));
        services.TryAddSingleton<DaemonReadiness>();
        services.TryAddSingleton<ILeadership, SoleReplica>();
        services.TryAddSingleton<PolicyCatalog>();
        services.TryAddSingleton<StateKeeper>();
        services.AddDaemonMemory(configuration);
        services.TryAddSingleton<IIntentPersistence, StateIntentPersistence>();
        services.TryAddSingleton<IPolicySource, RuntimePolicySource>();
        services.TryAddSingleton<IDaemonHealth, ReadinessHealth>();
        services.TryAddSingleton<IMetricHistory, PrometheusMetricHistory>();
        services.AddEvaluation();
        services.AddHostedService<PolicyDirectoryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EvaluationLoop>());
        return services;
    }

    /// <summary>
    /// With <c>Policies:Source</c> Kubernetes or Both: ScalingPolicy objects read with list+watch over the
    /// <c>Kubernetes</c> connection (which must then work at start), loaded into the catalog, and their status and
    /// Events written back by the leader. With Files (the default) nothing is registered.
    /// </summary>
    public static IServiceCollection AddPolicyObjects(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var source = configuration[$"{DaemonConstants.PoliciesSection}:Source"];
        if (source is null || !Enum.TryParse<PolicySourceKind>(source, ignoreCase: true, out var kind) || kind == PolicySourceKind.Files)
        {
            return services;
        }

        services.AddKubernetesConnection(configuration.GetSection(DaemonConstants.KubernetesSection));
        services.TryAddSingleton<IPolicyObjectFeed, KubernetesPolicyFeed>();
        services.AddHostedService<PolicyObjectWatcher>();
        services.TryAddSingleton<PolicyStatusWriter>();
        services.AddSingleton<IDecisionObserver>(sp => sp.GetRequiredService<PolicyStatusWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<PolicyStatusWriter>());
        return services;
    }

    /// <summary>
    /// The evaluation: the policy table, state reloads, the round planner, the one clock (<see cref="TickScheduler"/>:
    /// intervals at stable phases, window edges, follow-ups), the tick runner with its adaptive concurrency, the
    /// evaluator and the loop composing them.
    /// </summary>
    private static IServiceCollection AddEvaluation(this IServiceCollection services)
    {
        services.TryAddSingleton<TargetResolver>();
        services.TryAddSingleton<PolicyTable>();
        services.TryAddSingleton<StateReloads>();
        services.TryAddSingleton<RoundPlanner>();
        services.TryAddSingleton<TickScheduler>();
        services.TryAddSingleton<MetricReads>();
        services.TryAddSingleton<PolicyEvaluator>();
        services.TryAddSingleton<TickRunner>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<EvaluationLoop>(sp));
        return services;
    }

    /// <summary>
    /// The state store <c>State:Kind</c> names: <c>File</c> (<see cref="FileStateStore"/> at <c>State:File</c>), or
    /// <c>ConfigMap</c> (the Kubernetes adapter's store, at <c>State:ConfigMap</c>, over the <c>Kubernetes</c>
    /// connection, which must then work at start).
    /// </summary>
    public static IServiceCollection AddDaemonStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<StateStoreOptions, StateStoreOptionsAnnotations>(configuration, DaemonConstants.StateSection);
        if (string.Equals(configuration[$"{DaemonConstants.StateSection}:Kind"], nameof(StateStoreKind.ConfigMap), StringComparison.OrdinalIgnoreCase))
        {
            services.AddKubernetesConfigMapStateStore(
                configuration.GetSection(DaemonConstants.KubernetesSection),
                configuration.GetSection($"{DaemonConstants.StateSection}:{nameof(StateStoreOptions.ConfigMap)}"));
        }

        services.TryAddSingleton<IStateStore>(sp => new FileStateStore(sp.GetRequiredService<IOptions<StateStoreOptions>>().Value.File));
        return services;
    }

    /// <summary>
    /// The admin API on the admin listener when <c>Admin:Api:TokenFile</c> is set (its tokens are checked at start);
    /// without tokens it is off, never open.
    /// </summary>
    public static IServiceCollection AddDaemonAdminApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (AdminApiEnabled(configuration))
        {
            services.AddPromoScalerAdminApi(configuration);
        }

        return services;
    }

    /// <summary>True when the configuration turns the admin API on.</summary>
    public static bool AdminApiEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[$"{AdminApiOptions.SectionName}:{nameof(AdminApiOptions.TokenFile)}"]);

    /// <summary>
    /// The scale target adapters: Kubernetes (Deployment, StatefulSet, <c>/scale</c>, HPA floor; from the
    /// <c>Kubernetes</c> section, the connection checked when first used, so a daemon that scales only VM groups
    /// needs no kubeconfig) and cloud VM groups (Tencent Cloud, AWS; from the <c>Cloud</c> section).
    /// </summary>
    public static IServiceCollection AddScaleTargets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKubernetesScaleTargets(configuration.GetSection(DaemonConstants.KubernetesSection), KubernetesConnectionCheck.OnFirstUse);
        services.AddCloudScaleTargets(configuration.GetSection(DaemonConstants.CloudSection));
        return services;
    }

    /// <summary>
    /// Leader election from <c>LeaderElection</c>: when <c>Enabled</c>, a <see cref="LeaseLeadership"/> on the
    /// Kubernetes connection (which must then work at start); otherwise this replica always leads.
    /// </summary>
    public static IServiceCollection AddLeaderElection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<LeaderElectionOptions, LeaderElectionOptionsAnnotations>(configuration, DaemonConstants.LeaderElectionSection)
            .CrossField<LeaderElectionOptions, LeaderElectionOptionsValidator>();
        if (configuration.GetValue<bool>($"{DaemonConstants.LeaderElectionSection}:Enabled"))
        {
            services.AddKubernetesConnection(configuration.GetSection(DaemonConstants.KubernetesSection));
            if (ShardingServiceCollectionExtensions.ShardingEnabled(configuration))
            {
                services.AddSharding(configuration); // a Lease per shard instead of the one leader's Lease
                return services;
            }

            services.TryAddKeyedSingleton(LeaseLeadership.LeaseClock, TimeProvider.System);
            services.TryAddSingleton<LeaseLeadership>();
            services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
            services.AddHostedService(sp => sp.GetRequiredService<LeaseLeadership>());
        }

        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/> (unknown keys refused) and validates its
    /// data annotations at start with the generated <typeparamref name="TAnnotations"/>, each failure naming its key.
    /// </summary>
    private static IServiceCollection AddValidatedOptions<TOptions, TAnnotations>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TAnnotations : class, IValidateOptions<TOptions>, new()
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ConfigurationKeyValidator<TOptions>(section, new TAnnotations())));
        return services;
    }

    /// <summary>Adds the hand-written validator of <typeparamref name="TOptions"/>' rules across fields.</summary>
    private static IServiceCollection CrossField<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }
}
