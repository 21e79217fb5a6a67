using System.CommandLine.Parsing;
using System.Globalization;

namespace PromoScaler.Cli.Commands;

/// <summary>Flag values written as in policies: durations <c>90s</c>/<c>5m</c>/<c>2h</c>/<c>1d</c>, ISO-8601 instants with an offset.</summary>
internal static class OptionParsers
{
    public static TimeSpan? Duration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        if (TryDuration(text, out var value))
        {
            return value;
        }

        result.AddError($"{result.Parent?.ToString() ?? "duration"}: \"{text}\" is not a duration; write an integer and a unit s, m, h or d (e.g. 30s)");
        return null;
    }

    public static DateTimeOffset? Instant(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        if (hasOffset && text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        result.AddError($"\"{text}\" is not an ISO-8601 instant with Z or an offset (e.g. 1995-07-13T00:00:00Z)");
        return null;
    }

    public static bool TryDuration(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        TimeSpan? parsed = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
        value = parsed.GetValueOrDefault();
        return parsed is not null;
    }

    public static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerDay == 0 && value > TimeSpan.Zero ? $"{value.Ticks / TimeSpan.TicksPerDay}d"
        : value.Ticks % TimeSpan.TicksPerHour == 0 && value > TimeSpan.Zero ? $"{value.Ticks / TimeSpan.TicksPerHour}h"
        : value.Ticks % TimeSpan.TicksPerMinute == 0 && value > TimeSpan.Zero ? $"{value.Ticks / TimeSpan.TicksPerMinute}m"
        : $"{(long)value.TotalSeconds}s";
}
