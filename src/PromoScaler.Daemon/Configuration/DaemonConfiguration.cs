using System.Collections;
using Microsoft.Extensions.Configuration;

namespace PromoScaler.Daemon.Configuration;

/// <summary>The configuration is unusable; <see cref="Errors"/> lists every problem, each naming where it was written.</summary>
public sealed class DaemonConfigurationException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>One message with a position: <c>file:line:col: Section:Key: ...</c>.</summary>
    public DaemonConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Every problem, in file order, then the environment, then the flags.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>The layered configuration and every problem found in it.</summary>
/// <param name="Configuration">
/// The configuration the daemon binds, durations rewritten in .NET's form and values in error left out; null when
/// the file could not be read at all (a syntax error, a missing file).
/// </param>
/// <param name="Errors">Every problem; empty when the configuration is good.</param>
public sealed record DaemonConfigurationResult(IConfigurationRoot? Configuration, IReadOnlyList<string> Errors)
{
    /// <summary>
    /// An options validator's failure (<c>Section:Key: message</c>) with where the key was written in front
    /// (<c>file:line:col</c>, the variable or the flag) and the value written there when the message does not show it.
    /// </summary>
    public Func<string, string> Locate { get; init; } = failure => failure;
}

/// <summary>
/// Layers the daemon's configuration, lowest first: the <c>--config</c> file, <c>PROMOSCALER__...</c> environment
/// variables (<c>PROMOSCALER__Evaluation__MaxConcurrency=16</c>), then the command-line flags. Every key is checked
/// against the options types before anything binds (see <see cref="ConfigurationChecker"/>).
/// </summary>
public static class DaemonConfiguration
{
    /// <summary>Builds the configuration for <paramref name="commandLine"/>.</summary>
    /// <exception cref="DaemonConfigurationException">Anything is wrong: every problem is listed.</exception>
    public static IConfigurationRoot Build(DaemonCommandLine commandLine, IDictionary<string, string?>? environment = null)
    {
        var result = Read(commandLine, environment);
        return result.Errors.Count == 0 && result.Configuration is { } configuration
            ? configuration
            : throw new DaemonConfigurationException(result.Errors);
    }

    /// <summary>
    /// Reads and checks the configuration for <paramref name="commandLine"/> and <paramref name="environment"/> (the
    /// process environment when null). Never throws for any file content.
    /// </summary>
    public static DaemonConfigurationResult Read(DaemonCommandLine commandLine, IDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var file = commandLine.ConfigFile is { } path ? ConfigurationFileReader.Read(path) : null;
        if (file is { Unusable: true })
        {
            return new DaemonConfigurationResult(null, file.Errors);
        }

        var variables = Variables(environment);
        var flags = commandLine.ToConfiguration();
        var layered = new ConfigurationBuilder()
            .AddInMemoryCollection(file?.Values ?? [])
            .AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Key, v.Value.Value)))
            .AddInMemoryCollection(flags)
            .Build();

        var checker = ConfigurationChecker.Check(layered);
        // File order first (as an editor shows the file), then the environment, then the flags.
        var located = checker.Problems
            .Select(p => (Where: Origin(p.Key, p.AtValue, file, variables, flags), p.Message))
            .OrderBy(p => p.Where.Rank).ThenBy(p => p.Where.Line).ThenBy(p => p.Where.Column)
            .Select(p => p.Where.Prefix + p.Message);
        var errors = (file?.Errors ?? []).Concat(located).ToList();
        return new DaemonConfigurationResult(Effective(layered, checker.Overrides), errors)
        {
            Locate = failure => Locate(failure, layered, file, variables, flags),
        };
    }

    /// <summary>See <see cref="DaemonConfigurationResult.Locate"/>; a failure that does not start with a key is kept as it is.</summary>
    private static string Locate(string failure, IConfiguration layered, ConfigurationFileContent? file, Dictionary<string, (string Name, string? Value)> variables, IReadOnlyDictionary<string, string?> flags)
    {
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        var key = colon > 0 ? failure[..colon] : "";
        if (!key.Contains(':', StringComparison.Ordinal) || key.Contains(' ', StringComparison.Ordinal) || !ConfigurationSchema.Sections.ContainsKey(key[..key.IndexOf(':')]))
        {
            return failure;
        }

        var written = layered[key];
        var found = written is null || failure.Contains(written, StringComparison.Ordinal) ? "" : $" (found {Core.Policies.QuotedValue.Of(written)})";
        var message = found.Length == 0 ? failure : failure.EndsWith('.') ? failure[..^1] + found + "." : failure + found;
        return Origin(key, atValue: true, file, variables, flags).Prefix + message;
    }

    /// <summary>The values the binder sees: each key's effective value, rewritten or left out as the checker said.</summary>
    private static IConfigurationRoot Effective(IConfigurationRoot layered, Dictionary<string, string?> overrides)
    {
        bool Masked(string key)
        {
            for (var path = key; ; path = path[..path.LastIndexOf(':')])
            {
                if (overrides.TryGetValue(path, out var value) && value is null)
                {
                    return true;
                }

                if (!path.Contains(':', StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        var values = layered.AsEnumerable()
            .Where(kv => kv.Value is not null && !Masked(kv.Key))
            .Select(kv => KeyValuePair.Create(kv.Key, overrides.TryGetValue(kv.Key, out var rewritten) ? rewritten : kv.Value));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>Where <paramref name="key"/> was written, as a message prefix (the flag, the variable, or <c>file:line:col</c>) and a sort order.</summary>
    private static (string Prefix, int Rank, int Line, int Column) Origin(string key, bool atValue, ConfigurationFileContent? file, Dictionary<string, (string Name, string? Value)> variables, IReadOnlyDictionary<string, string?> flags)
    {
        static bool Within(string candidate, string key) =>
            candidate.Equals(key, StringComparison.OrdinalIgnoreCase) || candidate.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase);

        if (flags.Keys.FirstOrDefault(k => Within(k, key)) is { } flagged)
        {
            return ($"{DaemonCommandLine.FlagFor(flagged)}: ", 2, 0, 0);
        }

        if (variables.FirstOrDefault(v => Within(v.Key, key)) is { Value.Name: { } variable })
        {
            return ($"environment {variable}: ", 1, 0, 0);
        }

        if (file is not null)
        {
            if (atValue && file.ValuePositions.TryGetValue(key, out var value))
            {
                return ($"{file.File}:{value.Line}:{value.Column}: ", 0, value.Line, value.Column);
            }

            if (file.KeyPositions.TryGetValue(key, out var at))
            {
                return ($"{file.File}:{at.Line}:{at.Column}: ", 0, at.Line, at.Column);
            }
        }

        return ("", 3, 0, 0);
    }

    /// <summary>The <c>PROMOSCALER__</c> variables as keys (<c>__</c> is <c>:</c>), with each one's own name for messages.</summary>
    private static Dictionary<string, (string Name, string? Value)> Variables(IDictionary<string, string?>? environment)
    {
        var source = environment ?? Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var variables = new Dictionary<string, (string Name, string? Value)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in source.Where(e => e.Key.StartsWith(DaemonConstants.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var key = name[DaemonConstants.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            if (key.Length > 0)
            {
                variables[key] = (name, value);
            }
        }

        return variables;
    }
}
