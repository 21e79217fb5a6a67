namespace PromoScaler.Daemon.Configuration;

/// <summary>A position in the <c>--config</c> file, 1-based.</summary>
internal readonly record struct ConfigurationPosition(int Line, int Column);

/// <summary>
/// The <c>--config</c> file as configuration keys (<c>Section:Key</c>, sequence items by index, case-insensitive as
/// in Microsoft.Extensions.Configuration), with where each key and value stands, and every problem found reading it.
/// </summary>
internal sealed class ConfigurationFileContent(string file)
{
    /// <summary>The file as given on the command line, for messages.</summary>
    public string File { get; } = file;

    /// <summary>Each key's value; null for an explicit null or an empty mapping or sequence.</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where each key (a leaf or a section) is written.</summary>
    public Dictionary<string, ConfigurationPosition> KeyPositions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where each leaf's value is written.</summary>
    public Dictionary<string, ConfigurationPosition> ValuePositions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems, each already prefixed with <c>file:line:col</c>.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>True when the file could not be read as a whole (a syntax error): nothing in it may be used.</summary>
    public bool Unusable { get; set; }

    public void Error(ConfigurationPosition at, string message) => Errors.Add($"{File}:{at.Line}:{at.Column}: {message}");

    /// <summary>Records one key; a second key that differs only in case is the same key to the binder, so it is an error.</summary>
    public bool Add(string key, string? value, ConfigurationPosition keyAt, ConfigurationPosition valueAt)
    {
        if (KeyPositions.TryGetValue(key, out var first))
        {
            Error(keyAt, $"{key}: duplicate key (first at line {first.Line}); keys are not case-sensitive");
            return false;
        }

        KeyPositions[key] = keyAt;
        ValuePositions[key] = valueAt;
        Values[key] = value;
        return true;
    }

    /// <summary>Records a section key (a mapping or a sequence); false when it repeats one.</summary>
    public bool AddSection(string key, ConfigurationPosition keyAt)
    {
        if (KeyPositions.TryGetValue(key, out var first))
        {
            Error(keyAt, $"{key}: duplicate key (first at line {first.Line}); keys are not case-sensitive");
            return false;
        }

        KeyPositions[key] = keyAt;
        return true;
    }
}
