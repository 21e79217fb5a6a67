using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromoScaler.Core.Ports;
using PromoScaler.Kubernetes.Configuration;
using PromoScaler.Kubernetes.Connection;
using PromoScaler.Kubernetes.State;
using PromoScaler.Kubernetes.Targets;

namespace PromoScaler.Kubernetes.DependencyInjection;

/// <summary>Registers the Kubernetes scale targets and the ConfigMap state store.</summary>
public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="KubernetesOptions"/> from <paramref name="configuration"/> (the <c>Kubernetes</c> section),
    /// validates them at start (including that the kubeconfig lookup finds a usable connection), and registers the
    /// connection, <see cref="IKubernetes"/> and an <see cref="IScaleTargetProvider"/> for Deployment, StatefulSet,
    /// Scale and HorizontalPodAutoscaler targets. Uses a <see cref="TimeProvider"/>, a <see cref="JitterSource"/> and
    /// a <see cref="KubernetesEnvironment"/> from the container when registered (defaults: system clock, a shared
    /// generator, this process's environment); registering an <see cref="IKubernetes"/> first replaces the client.
    /// With <see cref="KubernetesConnectionCheck.OnFirstUse"/> a missing kubeconfig does not stop the start (unless
    /// a kubeconfig was named, or another registration needs the connection): each target reports it instead.
    /// </summary>
    public static IServiceCollection AddKubernetesScaleTargets(this IServiceCollection services, IConfiguration configuration, KubernetesConnectionCheck check = KubernetesConnectionCheck.AtStart)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddConnection(services, configuration, check);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScaleTargetProvider, KubernetesScaleTargetProvider>());
        return services;
    }

    /// <summary>
    /// Registers <see cref="ConfigMapStateStore"/> as the <see cref="IStateStore"/>, its options bound from
    /// <paramref name="stateStore"/> and validated at start (a <c>Namespace</c> left unset is the connection's
    /// namespace: the pod's in a cluster, the kubeconfig context's, else <c>default</c>); the connection as in
    /// <see cref="AddKubernetesScaleTargets"/>, from <paramref name="kubernetes"/>.
    /// </summary>
    public static IServiceCollection AddKubernetesConfigMapStateStore(this IServiceCollection services, IConfiguration kubernetes, IConfiguration stateStore)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(stateStore);
        AddConnection(services, kubernetes, KubernetesConnectionCheck.AtStart);
        services.AddOptions<ConfigMapStateStoreOptions>()
            .Bind(stateStore, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        // Messages name the keys as the host wrote them (State:ConfigMap:Name in the daemon).
        var path = stateStore is IConfigurationSection { Path.Length: > 0 } section ? section.Path : "StateStore";
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfigMapStateStoreOptions>>(
            new ConfigurationKeyValidator<ConfigMapStateStoreOptions>(path, new ConfigMapStateStoreOptionsAnnotations())));
        services.TryAddSingleton<IStateStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConfigMapStateStoreOptions>>().Value;
            options.Namespace ??= sp.GetRequiredService<KubernetesConnection>().DefaultNamespace;
            return ActivatorUtilities.CreateInstance<ConfigMapStateStore>(sp, Options.Create(options));
        });
        return services;
    }

    /// <summary>
    /// The connection for a part that cannot work without it (the daemon's Lease): a missing kubeconfig then stops
    /// the start, whatever other registrations asked.
    /// </summary>
    public static IServiceCollection AddKubernetesConnection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddConnection(services, configuration, KubernetesConnectionCheck.AtStart);
        return services;
    }

    private static void AddConnection(IServiceCollection services, IConfiguration configuration, KubernetesConnectionCheck check)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (check == KubernetesConnectionCheck.AtStart && !services.Any(d => d.ServiceType == typeof(ConnectionNeededAtStart)))
        {
            services.AddSingleton(new ConnectionNeededAtStart());
        }

        if (services.Any(d => d.ServiceType == typeof(KubernetesConnection)))
        {
            return;
        }

        services.AddOptions<KubernetesOptions>()
            .Bind(configuration, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesOptions>, KubernetesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(JitterSource.Shared);
        services.TryAddSingleton(_ => KubernetesEnvironment.Current());
        services.TryAddSingleton<KubernetesConnection>();
        services.TryAddSingleton(sp => sp.GetRequiredService<KubernetesConnection>().Client);
        services.TryAddSingleton(sp => new KubernetesClientAccessor(sp.GetRequiredService<IKubernetes>));
    }
}
