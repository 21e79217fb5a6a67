using Microsoft.Extensions.Configuration;

namespace PromoScaler.Daemon.Configuration;

/// <summary>The configuration file or its format is unusable; the message names the file.</summary>
public sealed class DaemonConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Layers the daemon's configuration, lowest first: the <c>--config</c> file, <c>PROMOSCALER__...</c> environment
/// variables (<c>PROMOSCALER__Evaluation__MaxConcurrency=16</c>), then the command-line flags.
/// </summary>
public static class DaemonConfiguration
{
    /// <summary>Builds the configuration for <paramref name="commandLine"/>.</summary>
    /// <exception cref="DaemonConfigurationException">The file is missing, has an unknown extension or does not parse.</exception>
    public static IConfigurationRoot Build(DaemonCommandLine commandLine, IDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var builder = new ConfigurationBuilder();
        if (commandLine.ConfigFile is { } file)
        {
            AddFile(builder, file);
        }

        if (environment is null)
        {
            builder.AddEnvironmentVariables(DaemonConstants.EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(DaemonConstants.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(e => KeyValuePair.Create(e.Key[DaemonConstants.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        builder.AddInMemoryCollection(commandLine.ToConfiguration());
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or YamlDotNet.Core.YamlException)
        {
            throw new DaemonConfigurationException($"--config {commandLine.ConfigFile}: {ex.Message}", ex);
        }
    }

    private static void AddFile(ConfigurationBuilder builder, string file)
    {
        if (!File.Exists(file))
        {
            throw new DaemonConfigurationException($"--config {file}: no such file");
        }

        var path = Path.GetFullPath(file);
        switch (Path.GetExtension(file).ToLowerInvariant())
        {
            case ".json":
                builder.AddJsonFile(path, optional: false, reloadOnChange: false);
                break;
            case ".yaml" or ".yml":
                builder.AddYamlFile(path, optional: false, reloadOnChange: false);
                break;
            default:
                throw new DaemonConfigurationException($"--config {file}: unknown format; use .yaml, .yml or .json");
        }
    }
}
