using Cronos;

namespace PromoScaler.Core.Calendar;

/// <summary>
/// A 5-field cron expression in an IANA time zone. Every occurrence in PromoScaler comes from here
/// (Cronos), so the daemon, the backtest and <c>validate</c> agree. DST: a start in a skipped local
/// hour happens at the first instant after the jump; a start in a repeated hour happens once, at its
/// first occurrence (Cronos' rules, which the policy contract adopts).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression, TimeZoneInfo zone)
    {
        Text = text;
        _expression = expression;
        TimeZone = zone;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The zone occurrences are computed in (default UTC).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses <paramref name="text"/>; on failure returns null and a message.</summary>
    public static CronSchedule? TryParse(string text, TimeZoneInfo zone, out string? error)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"cron \"{text}\" must have 5 fields (minute hour day-of-month month day-of-week), found {fields.Length}";
            return null;
        }

        if (fields[2] != "*" && fields[2] != "?" && fields[4] != "*" && fields[4] != "?")
        {
            error = $"cron \"{text}\" restricts both day-of-month and day-of-week; restrict one of them";
            return null;
        }

        try
        {
            var expression = CronExpression.Parse(text, CronFormat.Standard);
            error = null;
            return new CronSchedule(text, expression, zone);
        }
        catch (CronFormatException ex)
        {
            error = $"cron \"{text}\" is invalid: {ex.Message}";
            return null;
        }
    }

    /// <summary>The first occurrence at or after (<paramref name="inclusive"/>) or strictly after <paramref name="fromUtc"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset fromUtc, bool inclusive = false) =>
        _expression.GetNextOccurrence(fromUtc, TimeZone, inclusive);

    /// <summary>Occurrences in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        _expression.GetOccurrences(fromUtc, toUtc, TimeZone, fromInclusive: true, toInclusive: false);

    public override string ToString() => $"{Text} ({TimeZone.Id})";
}
