using Microsoft.Extensions.Configuration;
using PromoScaler.Daemon.Hosting;

namespace PromoScaler.DaemonLoad;

/// <summary>
/// The daemon's process: <see cref="DaemonHost.Build"/> on the configuration file the run wrote, with nothing replaced
/// (the real Prometheus source, Kubernetes targets, file state store and admin listener), until stdin closes.
/// </summary>
internal static class DaemonChild
{
    public static async Task<int> RunAsync(string configFile)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configFile), optional: false).Build();
        await using var app = DaemonHost.Build(configuration, replace: null);
        await app.StartAsync();
        Console.WriteLine("started");
        // The run closes stdin to stop the daemon: in-flight ticks finish and the state is flushed, as on SIGTERM.
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await app.StopAsync();
        return 0;
    }
}
