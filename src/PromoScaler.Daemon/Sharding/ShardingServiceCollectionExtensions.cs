using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Ports;
using PromoScaler.Core.Ports;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Leadership;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Connection;
using PromoScaler.Kubernetes.State;
using Prometheus;

namespace PromoScaler.Daemon.Sharding;

/// <summary>Registers sharding when <c>LeaderElection:Shards</c> is above 1 (with leader election on).</summary>
public static class ShardingServiceCollectionExtensions
{
    /// <summary>True when the configuration asks for sharding: leader election on and more than one shard.</summary>
    public static bool ShardingEnabled(IConfiguration configuration) =>
        configuration is not null
        && configuration.GetValue<bool>($"{DaemonConstants.LeaderElectionSection}:Enabled")
        && configuration.GetValue<int?>($"{DaemonConstants.LeaderElectionSection}:{nameof(LeaderElectionOptions.Shards)}") > 1;

    /// <summary>
    /// The shard elector as <see cref="ILeadership"/> (and a hosted service), and the state kept as one ConfigMap per
    /// shard (<c>State:ConfigMap:Name-shard-i</c>). Must run before the single-Lease and single-ConfigMap registrations,
    /// which then find theirs taken. With the admin API on, this replica advertises its admin URL on its member Lease
    /// (<see cref="AdminAdvertisement"/>) and the API forwards a change to the holder of its policy's shard.
    /// </summary>
    public static IServiceCollection AddSharding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!ShardingEnabled(configuration))
        {
            return services;
        }

        services.TryAddKeyedSingleton(LeaseLeadership.LeaseClock, TimeProvider.System);
        services.TryAddSingleton<AdminAdvertisement>();
        services.TryAddSingleton<ShardedLeadership>();
        services.TryAddSingleton<IPolicyWriters, ShardWriters>();
        services.TryAddSingleton<IForwardingMetrics, ForwardingCounter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminApiOptions>, AdvertisedUrlValidator>());
        services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<ShardedLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<ShardedLeadership>());
        services.TryAddSingleton<IStateStore>(sp =>
        {
            var leadership = sp.GetRequiredService<ShardedLeadership>();
            var options = sp.GetRequiredService<IOptions<ConfigMapStateStoreOptions>>().Value;
            var ns = options.Namespace ?? sp.GetRequiredService<KubernetesConnection>().DefaultNamespace;
            return new ShardedStateStore(
                i => ActivatorUtilities.CreateInstance<ConfigMapStateStore>(
                    sp, Options.Create(new ConfigMapStateStoreOptions { Namespace = ns, Name = ShardDocumentName(options.Name, i), DataKey = options.DataKey })),
                leadership,
                sp.GetRequiredService<ILogger<ShardedStateStore>>(),
                sp.GetService<IMetricFactory>());
        });
        return services;
    }

    /// <summary>The state ConfigMap of shard <paramref name="shard"/>.</summary>
    public static string ShardDocumentName(string name, int shard) => $"{name}-shard-{shard}";
}
