using System.CommandLine.Parsing;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Commands;

/// <summary>
/// Flag values written as in policies, read by Core's one parser per kind: durations <c>90s</c>/<c>5m</c>/<c>2h</c>/<c>1d</c>,
/// ISO-8601 instants with an offset, plain decimal numbers. Every bad value is a parse error naming the flag, so it
/// exits 2 like any other usage error, before any work starts.
/// </summary>
internal static class OptionParsers
{
    public static TimeSpan? Duration(ArgumentResult result) => Duration(result, Core.Policies.Duration.MaxValue);

    /// <summary>A parser of durations up to <paramref name="max"/> (a stated limit of the flag).</summary>
    public static Func<ArgumentResult, TimeSpan?> DurationAtMost(TimeSpan max) => result => Duration(result, max);

    private static TimeSpan? Duration(ArgumentResult result, TimeSpan max)
    {
        var text = Token(result);
        switch (Core.Policies.Duration.Parse(text, out var value))
        {
            case ParseOutcome.Ok when value <= max:
                return value;
            case ParseOutcome.Ok or ParseOutcome.OutOfRange:
                result.AddError($"{Flag(result)}: {Quote(text)} is out of range: at most {Core.Policies.Duration.Format(max)}");
                return null;
            default:
                result.AddError($"{Flag(result)}: {Quote(text)} is not a duration; write an integer and a unit s, m, h or d (e.g. 30s)");
                return null;
        }
    }

    public static DateTimeOffset? Instant(ArgumentResult result)
    {
        var text = Token(result);
        switch (Core.Policies.Instant.Parse(text, out var value))
        {
            case ParseOutcome.Ok:
                return value;
            case ParseOutcome.OutOfRange:
                result.AddError($"{Flag(result)}: {Quote(text)} is out of range: not a date and time of years 0001..9999 in UTC");
                return null;
            default:
                result.AddError($"{Flag(result)}: {Quote(text)} is not an ISO-8601 instant with Z or an offset (e.g. 1995-07-13T00:00:00Z)");
                return null;
        }
    }

    /// <summary>A number greater than zero and finite.</summary>
    public static double? PositiveNumber(ArgumentResult result)
    {
        var text = Token(result);
        switch (Number.ParseReal(text, out var value))
        {
            case ParseOutcome.Ok when value > 0:
                return value;
            case ParseOutcome.Ok:
                result.AddError($"{Flag(result)}: {Quote(text)} must be greater than 0");
                return null;
            case ParseOutcome.OutOfRange:
                result.AddError($"{Flag(result)}: {Quote(text)} is out of range: too large for a number");
                return null;
            default:
                result.AddError($"{Flag(result)}: {Quote(text)} is not a number; write digits with a dot for decimals (e.g. 0.5)");
                return null;
        }
    }

    /// <summary>One of <paramref name="names"/>, exactly as written there.</summary>
    public static T Choice<T>(ArgumentResult result, IReadOnlyDictionary<string, T> names, T fallback)
    {
        var text = Token(result);
        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        result.AddError($"{Flag(result)}: {Quote(text)} is not one of {string.Join(", ", names.Keys)}");
        return fallback;
    }

    /// <summary>A file path: not empty, no characters a file system refuses. Whether the file exists is for the command.</summary>
    public static string? FilePath(ArgumentResult result)
    {
        var text = Token(result);
        if (text.Length == 0 || text.IndexOfAny(['\0']) >= 0)
        {
            result.AddError($"{Flag(result)}: {Quote(text)} is not a file path");
            return null;
        }

        return text;
    }

    /// <summary>
    /// The directory reports go to, checked before any work: a path that names an existing file, lies under one,
    /// or would be created where nothing may be written (a read-only mount, /proc) could only fail after the whole run.
    /// </summary>
    public static string? OutputDirectory(ArgumentResult result)
    {
        var text = FilePath(result);
        if (text is null)
        {
            return null;
        }

        string full;
        try
        {
            full = Path.GetFullPath(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            result.AddError($"{Flag(result)}: {Quote(text)} is not a directory path");
            return null;
        }

        for (var path = full; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                result.AddError(path == full
                    ? $"{Flag(result)}: {Quote(text)} is a file, not a directory"
                    : $"{Flag(result)}: {Quote(text)} lies under {Quote(path)}, which is a file");
                return null;
            }

            if (Directory.Exists(path))
            {
                return Writable(path) ? text : Refuse(result, path == full
                    ? $"{Flag(result)}: {Quote(text)} is not writable"
                    : $"{Flag(result)}: {Quote(text)} cannot be created: {Quote(path)} is not writable");
            }
        }

        return text;
    }

    /// <summary>
    /// Whether a file can be created in <paramref name="directory"/>: tried for real (a file created and deleted),
    /// since permissions, read-only mounts and pseudo file systems such as /proc all say no only when asked.
    /// </summary>
    private static bool Writable(string directory)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(directory, $".promoscaler-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? Refuse(ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    /// <summary>The option's value as typed (empty when none was given).</summary>
    public static string Token(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;

    /// <summary>The flag being parsed, as the user wrote its name.</summary>
    public static string Flag(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;

    /// <summary><paramref name="text"/> quoted for a message, cut to about 80 characters.</summary>
    public static string Quote(string text) => QuotedValue.Of(text);

    public static string Format(TimeSpan value) => Core.Policies.Duration.Format(value);
}
