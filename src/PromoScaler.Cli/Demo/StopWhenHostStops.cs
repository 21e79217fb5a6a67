using Microsoft.Extensions.Hosting;

namespace PromoScaler.Cli.Demo;

/// <summary>
/// Cancels <paramref name="stop"/> when the host begins to stop. Ctrl+C and SIGTERM reach the host's console
/// lifetime, which stops the host but not the command's wait, so without this the demo would stay up with its
/// daemon stopped, and never delete its directory.
/// </summary>
internal sealed class StopWhenHostStops(IHostApplicationLifetime lifetime, CancellationTokenSource stop) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(stop.Cancel);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }
}
