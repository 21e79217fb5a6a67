using System.Globalization;
using Microsoft.Extensions.Configuration;
using PromoScaler.Core.Policies;
using static PromoScaler.Daemon.Configuration.ConfigurationSchema;

namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// Checks every key of the layered configuration against the options types before anything binds, so that each
/// problem is listed (not only the binder's first) with where it was written: <c>file:line:col</c>, the environment
/// variable or the flag. Durations are read by the policy syntax (<c>15s</c>, <c>2m</c>) as well as .NET's
/// <c>00:00:15</c>; each is rewritten in .NET's form for the binder, and each bad value masked (so the options
/// validators can still run on the rest and list their own errors too).
/// </summary>
internal sealed class ConfigurationChecker
{
    /// <summary>Values the binder must see instead: durations in .NET's form, null for a value in error.</summary>
    public Dictionary<string, string?> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every problem: the key path, whether it is about the value (else the key), and the message.</summary>
    public List<(string Key, bool AtValue, string Message)> Problems { get; } = [];

    /// <summary>Checks <paramref name="configuration"/>.</summary>
    public static ConfigurationChecker Check(IConfiguration configuration)
    {
        var checker = new ConfigurationChecker();
        foreach (var section in configuration.GetChildren())
        {
            if (!Sections.TryGetValue(section.Key, out var type))
            {
                checker.Error(section, false, $"unknown section{Suggestion(section.Key, Sections.Keys)}; the sections are {string.Join(", ", Sections.Keys)}");
            }
            else if (type is not null)
            {
                checker.Node(section, type);
            }
        }

        return checker;
    }

    private void Node(IConfigurationSection section, Type type)
    {
        var shape = ShapeOf(type);
        var children = section.GetChildren().ToList();
        if (shape.Kind == ShapeKind.Value)
        {
            if (children.Count > 0)
            {
                Error(section, false, $"expected {Expected(shape.Type)}, found a section");
            }
            else if (section.Value is { } value)
            {
                Value(section, value, shape.Type);
            }

            return;
        }

        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                Error(section, true, shape.Kind == ShapeKind.List ? "expected a list, found a value" : "expected a section of keys, found a value");
            }

            return;
        }

        switch (shape.Kind)
        {
            case ShapeKind.Dictionary:
                children.ForEach(c => Node(c, shape.Type));
                break;
            case ShapeKind.List:
                Items(children, shape.Type);
                break;
            default:
                Members(section, children, shape.Type);
                break;
        }
    }

    private void Items(List<IConfigurationSection> children, Type itemType)
    {
        foreach (var child in children)
        {
            if (int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                Node(child, itemType);
            }
            else
            {
                Error(child, false, "expected a list item (0, 1, ...), found a named key");
            }
        }
    }

    private void Members(IConfigurationSection section, List<IConfigurationSection> children, Type type)
    {
        var keys = Keys(type);
        foreach (var child in children)
        {
            if (keys.TryGetValue(child.Key, out var property))
            {
                Node(child, property.PropertyType);
            }
            else if (Moved.TryGetValue(child.Path, out var moved))
            {
                Error(child, false, $"this key moved to {moved}");
            }
            else
            {
                Error(child, false, $"unknown key{Suggestion(child.Key, keys.Keys)}; {SectionName(section)} takes {string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}");
            }
        }
    }

    private void Value(IConfigurationSection section, string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            // A key pasted where its name or its file belongs: refused, and never quoted.
            var problem = section.Key.EndsWith("EnvironmentVariable", StringComparison.OrdinalIgnoreCase) ? SecretReference.VariableNameProblem(value)
                : section.Key.EndsWith("File", StringComparison.OrdinalIgnoreCase) || section.Key.Equals("Kubeconfig", StringComparison.OrdinalIgnoreCase) ? (value.Length == 0 ? null : SecretReference.PathProblem(value))
                : null;
            if (problem is not null)
            {
                Error(section, true, problem);
            }

            return;
        }

        if (type == typeof(TimeSpan))
        {
            Duration(section, value);
            return;
        }

        var ok = type switch
        {
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type.IsEnum => !value.Contains(',', StringComparison.Ordinal) && !char.IsAsciiDigit(value.FirstOrDefault()) && value.FirstOrDefault() != '-'
                && Enum.TryParse(type, value, ignoreCase: true, out _),
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d),
            _ when type == typeof(Uri) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
            _ => System.ComponentModel.TypeDescriptor.GetConverter(type).IsValid(value),
        };
        if (!ok)
        {
            Error(section, true, $"{QuotedValue.Of(value)} is not {Expected(type)}");
        }
    }

    private void Duration(IConfigurationSection section, string value)
    {
        switch (Core.Policies.Duration.Parse(value, out var duration))
        {
            case ParseOutcome.Ok:
                Overrides[section.Path] = duration.ToString("c", CultureInfo.InvariantCulture);
                return;
            case ParseOutcome.OutOfRange:
                Error(section, true, $"{QuotedValue.Of(value)} is out of range: too long for a duration");
                return;
        }

        // .NET reads a bare "5" as five days: a number without a unit is refused, as in policies.
        if (!value.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            Error(section, true, $"{QuotedValue.Of(value)} is not {Expected(typeof(TimeSpan))}");
        }
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(TimeSpan) => "a duration: an integer and a unit s, m, h or d (15s, 2m), or hh:mm:ss (00:00:15)",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(int) || type == typeof(long) => "an integer",
            _ when type == typeof(double) => "a number (digits, a dot for decimals)",
            _ when type == typeof(Uri) => "a URL",
            _ => "a value",
        };
    }

    private static string SectionName(IConfigurationSection section) => section.Path;

    private void Error(IConfigurationSection section, bool atValue, string message)
    {
        Problems.Add((section.Path, atValue, $"{section.Path}: {message}"));
        Overrides[section.Path] = null;
    }

    /// <summary>" (did you mean X?)" for a key within two edits of a known one.</summary>
    // Core's one "did you mean" rule, plus a truncated key (LeaseDur) naming the key it starts.
    private static string Suggestion(string key, IEnumerable<string> known)
    {
        if (key.Length > 64)
        {
            return "";
        }

        var names = known.ToList();
        var best = NearestName.Of(key, names)
            ?? (key.Length >= 4 ? names.FirstOrDefault(k => k.StartsWith(key[..(key.Length - 1)], StringComparison.OrdinalIgnoreCase)) : null);
        return best is null ? "" : $" (did you mean {best}?)";
    }
}
