using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Kubernetes.CustomResources;

namespace PromoScaler.Daemon.Catalog;

/// <summary>The ScalingPolicy objects of the watched namespaces (<c>Policies:WatchNamespaces</c>, default all), kept by a <see cref="ScalingPolicyInformer"/>.</summary>
internal sealed class KubernetesPolicyFeed(IKubernetes client, IOptions<PolicyCatalogOptions> options, TimeProvider time, ILogger<ScalingPolicyInformer> logger) : IPolicyObjectFeed
{
    public ScalingPolicyInformer Informer { get; } = new(client, [.. options.Value.WatchNamespaces], time, logger);

    public IReadOnlyCollection<PolicyObject> Objects => Informer.Current;

    public bool Synced => Informer.Synced;

    public event Action? Changed
    {
        add => Informer.Changed += value;
        remove => Informer.Changed -= value;
    }
}

/// <summary>Runs the feed's informer and reloads the catalog after every change of the objects.</summary>
internal sealed class PolicyObjectWatcher(IPolicyObjectFeed feed, PolicyCatalog catalog) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        feed.Changed += Reload;
        return feed is KubernetesPolicyFeed kubernetes ? kubernetes.Informer.RunAsync(stoppingToken) : Task.CompletedTask;
    }

    public override void Dispose()
    {
        feed.Changed -= Reload;
        base.Dispose();
    }

    private void Reload() => catalog.Reload();
}
