using System.Globalization;
using System.Text.RegularExpressions;
using PromoScaler.Core.Policies.Loading.Yaml;

namespace PromoScaler.Core.Policies.Loading;

/// <summary>Typed scalar readers: each returns null after reporting why the value is not acceptable.</summary>
internal sealed partial class PolicyDocumentReader
{
    private string? ReadString(YamlNode node, string path)
    {
        if (node is not YamlScalar scalar || scalar.Type is YamlScalarType.Null)
        {
            Error(node, path, $"expected a string, found {Describe(node)}");
            return null;
        }

        return scalar.Value;
    }

    private string? ReadNonEmptyString(YamlNode node, string path)
    {
        var text = ReadString(node, path);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            Error(node, path, "must not be empty");
            return null;
        }

        return text;
    }

    private string? ReadMatching(YamlNode node, string path, Regex pattern, int maxLength, string rule)
    {
        var text = ReadString(node, path);
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength || !pattern.IsMatch(text))
        {
            Error(node, path, $"{PolicyLimits.Quote(text)} is not {rule}");
            return null;
        }

        return text;
    }

    private int? ReadInt(YamlNode node, string path, int min, int max = int.MaxValue)
    {
        if (node is not YamlScalar { Type: YamlScalarType.Integer } scalar)
        {
            Error(node, path, $"expected an integer, found {Describe(node)}");
            return null;
        }

        // An integer beyond 64 bits is out of range, not "below the minimum".
        var outcome = Number.ParseInteger(scalar.Value, out var value);
        if (outcome != ParseOutcome.Ok || value < min || value > max)
        {
            Error(node, path, outcome != ParseOutcome.Ok || (value > max && max == int.MaxValue)
                ? $"{PolicyLimits.Quote(scalar.Value)} is out of range: at most {max}"
                : max == int.MaxValue
                    ? $"{scalar.Value} is below the minimum {min}"
                    : $"{scalar.Value} is outside {min}..{max}");
            return null;
        }

        return (int)value;
    }

    /// <summary>A number that must be greater than zero (targets, prices, multipliers).</summary>
    private double? ReadPositiveNumber(YamlNode node, string path)
    {
        if (node is not YamlScalar { Type: YamlScalarType.Integer or YamlScalarType.Float } scalar)
        {
            Error(node, path, $"expected a number, found {Describe(node)}");
            return null;
        }

        var outcome = Number.ParseReal(scalar.Value, out var value);
        if (outcome != ParseOutcome.Ok || !(value > 0))
        {
            Error(node, path, outcome == ParseOutcome.Ok
                ? $"{scalar.Value} must be greater than 0"
                : $"{PolicyLimits.Quote(scalar.Value)} is out of range: too large for a number");
            return null;
        }

        return value;
    }

    private bool? ReadBool(YamlNode node, string path)
    {
        if (node is not YamlScalar { Type: YamlScalarType.Boolean } scalar)
        {
            Error(node, path, $"expected true or false, found {Describe(node)}");
            return null;
        }

        return scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The spec's durations: integer + s|m|h|d, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    private TimeSpan? ReadDuration(YamlNode node, string path, TimeSpan min, TimeSpan? max = null)
    {
        if (node is not YamlScalar scalar || scalar.Type is YamlScalarType.Null or YamlScalarType.Boolean)
        {
            Error(node, path, $"expected a duration such as 30s, 5m, 2h or 1d, found {Describe(node)}");
            return null;
        }

        var outcome = Duration.Parse(scalar.Value, out var value);
        if (outcome == ParseOutcome.OutOfRange)
        {
            Error(node, path, $"{PolicyLimits.Quote(scalar.Value)} is out of range: at most {Duration.Format(max ?? Duration.MaxValue)}");
            return null;
        }

        if (outcome != ParseOutcome.Ok)
        {
            var example = scalar.Type == YamlScalarType.Integer ? scalar.Value + "s" : "90s";
            Error(node, path, $"{Describe(node)} is not a duration; write an integer with one unit s, m, h or d, e.g. {example}");
            return null;
        }

        if (value < min || (max is { } upper && value > upper))
        {
            Error(node, path, max is { } u
                ? $"{scalar.Value} is outside {Duration.Format(min)}..{Duration.Format(u)}"
                : $"{scalar.Value} must be at least {Duration.Format(min)}");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A percentage, always written with <c>%</c>. A bare number is ambiguous (spec, "Values"): 0.1 could mean
    /// 10% or 0.1%, so the message offers both readings.
    /// </summary>
    private Percentage? ReadPercentage(YamlNode node, string path, double minPercent = 0, double? maxPercent = null, bool exclusiveMin = false)
    {
        if (node is YamlScalar { Type: YamlScalarType.Integer or YamlScalarType.Float } number)
        {
            var asFraction = decimal.TryParse(number.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? (d * 100).ToString("0.############", CultureInfo.InvariantCulture)
                : number.Value;
            Error(node, path, $"{number.Value} is ambiguous; write {asFraction}% or {number.Value}%");
            return null;
        }

        if (node is not YamlScalar { Type: YamlScalarType.String } scalar)
        {
            Error(node, path, $"expected a percentage such as 10%, found {Describe(node)}");
            return null;
        }

        // A signed value (-10%) is a percentage out of range, not "not a percentage": it reaches the range check.
        if (!PercentagePattern().IsMatch(scalar.Value))
        {
            var range = maxPercent is { } most ? $" from {minPercent}% to {most}%" : "";
            Error(node, path, $"{Describe(node)} is not a percentage; write a number{range} followed by %, e.g. 10%");
            return null;
        }

        var percent = double.Parse(scalar.Value.AsSpan(0, scalar.Value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture);
        var belowMin = exclusiveMin ? percent <= minPercent : percent < minPercent;
        if (belowMin || (maxPercent is { } max && percent > max))
        {
            var low = exclusiveMin ? $"greater than {minPercent}%" : $"at least {minPercent}%";
            Error(node, path, maxPercent is { } m
                ? $"{scalar.Value} must be {low} and at most {m}%"
                : $"{scalar.Value} must be {low}");
            return null;
        }

        return Percentage.FromPercent(percent);
    }

    /// <summary>ISO-8601 with <c>Z</c> or an explicit offset; a local time without offset is refused.</summary>
    private DateTimeOffset? ReadTimestamp(YamlNode node, string path)
    {
        var text = node is YamlScalar { Type: YamlScalarType.String } scalar ? scalar.Value : null;
        var value = default(DateTimeOffset);
        var outcome = text is null ? ParseOutcome.Malformed : Instant.Parse(text, out value);
        if (outcome == ParseOutcome.Ok)
        {
            return value;
        }

        Error(node, path, outcome == ParseOutcome.OutOfRange
            ? $"{Describe(node)} is out of range: not a date and time of years 0001..9999 in UTC"
            : $"{Describe(node)} is not a timestamp; write ISO-8601 with Z or an offset, e.g. 2027-11-11T00:00:00+08:00");
        return null;
    }

    /// <summary>An IANA zone id known to this machine's time zone database.</summary>
    private TimeZoneInfo? ReadTimeZone(YamlNode node, string path)
    {
        var id = ReadNonEmptyString(node, path);
        if (id is null)
        {
            return null;
        }

        // The lookup reads the system's zone files by name: only a name shaped like an IANA id is looked up (no
        // "..", no absolute path), and whatever the lookup throws (a name that is a directory of the zone
        // database, an unreadable or corrupt file) means "not a known zone".
        if (id.Length <= 64 && ZoneIdPattern().IsMatch(id))
        {
            try
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
                if (zone.HasIanaId)
                {
                    return zone;
                }
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or IOException or UnauthorizedAccessException or ArgumentException)
            {
            }
        }

        Error(node, path, $"{PolicyLimits.Quote(id)} is not a known IANA time zone (e.g. Asia/Shanghai, America/New_York, UTC)");
        return null;
    }

    /// <summary>One of the names in <paramref name="names"/>, case-sensitive as the schema's enum.</summary>
    private T? ReadEnum<T>(YamlNode node, string path, IReadOnlyDictionary<string, T> names)
        where T : struct
    {
        var text = ReadString(node, path);
        if (text is null)
        {
            return null;
        }

        if (!names.TryGetValue(text, out var value))
        {
            Error(node, path, $"{PolicyLimits.Quote(text)} is not one of {string.Join(", ", names.Keys)}");
            return null;
        }

        return value;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMapping => "a mapping",
        YamlSequence => "a sequence",
        YamlScalar { Type: YamlScalarType.Null } => "null",
        YamlScalar { IsPlain: true } s => s.Value.Length <= PolicyLimits.QuotedLength ? s.Value : PolicyLimits.Quote(s.Value),
        YamlScalar s => PolicyLimits.Quote(s.Value),
        _ => "an unsupported node",
    };

    [GeneratedRegex(@"^[-+]?[0-9]+(\.[0-9]+)?%$", RegexOptions.CultureInvariant)]
    internal static partial Regex PercentagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneIdPattern();
}
