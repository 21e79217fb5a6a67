using System.Globalization;
using System.Text.RegularExpressions;

namespace PromoScaler.Core.Policies;

/// <summary>
/// The policy timestamp syntax: ISO-8601 with <c>Z</c> or an explicit offset (<c>2027-11-11T00:00:00+08:00</c>,
/// seconds and fractions optional). A local time without an offset is refused, since it would be read in the
/// machine's zone. The policy loader, the trace reader and every command-line flag read instants with this one
/// parser, and write them with <see cref="Format"/>.
/// </summary>
public static partial class Instant
{
    /// <summary>
    /// The earliest instant a policy window or a trace row may be at. Far enough from the calendar's ends (years 1
    /// and 9999) that every window, model history and metric delay computed around one is representable.
    /// </summary>
    public static readonly DateTimeOffset SupportedFrom = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest instant a policy window or a trace row may be at (see <see cref="SupportedFrom"/>).</summary>
    public static readonly DateTimeOffset SupportedUntil = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads <paramref name="text"/>: malformed unless ISO-8601 with an offset; out of range when the calendar cannot hold it.</summary>
    public static ParseOutcome Parse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (!Pattern().IsMatch(text))
        {
            return ParseOutcome.Malformed;
        }

        // The shape is right: what DateTimeOffset still refuses is a field out of its range (month 13, hour 25,
        // offset +15:00) or an instant whose UTC time leaves years 1..9999 (0001-01-01T00:00:00+01:00).
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            ? ParseOutcome.Ok
            : ParseOutcome.OutOfRange;
    }

    /// <summary>Writes <paramref name="value"/> in UTC, <c>Z</c>-suffixed, with a fraction only when it has one.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    // \z, not $: '$' also matches before a final newline, so "2027-11-11T00:00:00Z\n" was read as an instant.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
