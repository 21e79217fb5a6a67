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
        // Off the stopping callback: the command's wait then stops the host, which must not run inside the host's
        // own ApplicationStopping notification.
        _stopping = lifetime.ApplicationStopping.Register(() => ThreadPool.QueueUserWorkItem(_ => CancelQuietly()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Unregister();
        return Task.CompletedTask;
    }

    private void CancelQuietly()
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command had already returned.
        }
    }
}
