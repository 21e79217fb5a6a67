using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PromoScaler.Daemon.Configuration;

namespace PromoScaler.Daemon.Catalog;

/// <summary>
/// Checks the policy directory every <see cref="PolicyCatalogOptions.ReloadInterval"/> and reloads on a change.
/// Polling rather than file-system events: a ConfigMap volume changes by an atomic symlink swap that inotify
/// reports on the hidden <c>..data</c> entry only, and polling catches every kind of change the same way.
/// </summary>
internal sealed class PolicyDirectoryWatcher(PolicyCatalog catalog, IOptions<PolicyCatalogOptions> options, TimeProvider time) : BackgroundService
{
    /// <summary>Loads the directory once before the loop starts, so the first round already has the policies.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Reload();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReloadInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            catalog.Reload();
        }
    }
}
