using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;

namespace PromoScaler.DaemonLoad;

/// <summary>
/// The daemon's process: <see cref="DaemonHost.Build"/> on the configuration file the run wrote, read and checked as
/// <c>promoscaler run --config</c> reads it (durations in the policy syntax such as <c>--set ...=0s</c>, every key
/// checked), with nothing replaced (the real Prometheus source, Kubernetes targets, state store and admin listener),
/// until stdin closes.
/// </summary>
internal static class DaemonChild
{
    public static async Task<int> RunAsync(string configFile)
    {
        // Bound raw, a duration the binder cannot read ("0s") inside a Prometheus source dropped the whole source, and
        // the daemon exited with "at least one source is required": the daemon's own reader is used instead.
        var read = DaemonConfiguration.Read(new DaemonCommandLine(ConfigFile: Path.GetFullPath(configFile)));
        if (read.Errors.Count > 0 || read.Configuration is not { } configuration)
        {
            foreach (var error in read.Errors)
            {
                await Console.Error.WriteLineAsync("invalid configuration: " + error);
            }

            return DaemonExitCodes.InvalidConfiguration;
        }

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
