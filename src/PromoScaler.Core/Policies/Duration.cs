using System.Globalization;

namespace PromoScaler.Core.Policies;

/// <summary>
/// The policy duration syntax: a non-negative integer and one unit, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>
/// (<c>90s</c>, <c>30m</c>, <c>14d</c>). There are no unitless numbers of seconds and no compound forms. The policy
/// loader, the trace tools and every command-line flag read durations with this one parser.
/// </summary>
public static class Duration
{
    /// <summary>The largest duration the syntax accepts: whole seconds that fit a <see cref="TimeSpan"/>.</summary>
    public static readonly TimeSpan MaxValue = TimeSpan.FromSeconds((long)TimeSpan.MaxValue.TotalSeconds);

    /// <summary>Reads <paramref name="text"/>: malformed unless an integer followed by s, m, h or d; out of range when it overflows.</summary>
    public static ParseOutcome Parse(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var digits = text.Length < 2 ? ReadOnlySpan<char>.Empty : text.AsSpan(0, text.Length - 1);
        long? unit = text.Length < 2 ? null : text[^1] switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => null,
        };
        if (unit is not { } seconds || digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return ParseOutcome.Malformed;
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount > (long)MaxValue.TotalSeconds / seconds)
        {
            return ParseOutcome.OutOfRange;
        }

        value = TimeSpan.FromSeconds(amount * seconds);
        return ParseOutcome.Ok;
    }

    /// <summary>Parses <paramref name="text"/>; false when it is not an integer followed by s, m, h or d, or overflows.</summary>
    public static bool TryParse(string text, out TimeSpan value) => Parse(text, out value) == ParseOutcome.Ok;

    /// <summary>Writes <paramref name="value"/> in the policy syntax with the largest unit that divides it (<c>90s</c>, <c>2h</c>).</summary>
    public static string Format(TimeSpan value)
    {
        var seconds = (long)value.TotalSeconds;
        return seconds switch
        {
            0 => "0s",
            _ when seconds % 86400 == 0 => (seconds / 86400).ToString(CultureInfo.InvariantCulture) + "d",
            _ when seconds % 3600 == 0 => (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h",
            _ when seconds % 60 == 0 => (seconds / 60).ToString(CultureInfo.InvariantCulture) + "m",
            _ => seconds.ToString(CultureInfo.InvariantCulture) + "s",
        };
    }

    /// <summary>
    /// Writes <paramref name="value"/> for a person, rounded to the second, with every unit it needs from the largest
    /// (<c>45s</c>, <c>3m21s</c>, <c>1h30m</c>, <c>299d1m</c>; <c>0s</c> for nothing). Unlike <see cref="Format"/> this is
    /// not the policy syntax, which takes one unit: it is for messages and tables, where <c>5415s</c> would make the
    /// reader do the arithmetic. A negative span is written with a leading minus.
    /// </summary>
    public static string Describe(TimeSpan value)
    {
        var total = (long)Math.Round(Math.Abs(value.TotalSeconds), MidpointRounding.AwayFromZero);
        if (total == 0)
        {
            return "0s";
        }

        var text = new System.Text.StringBuilder(value < TimeSpan.Zero ? "-" : "");
        Append(total / 86400, 'd');
        Append(total / 3600 % 24, 'h');
        Append(total / 60 % 60, 'm');
        Append(total % 60, 's');
        return text.ToString();

        void Append(long amount, char unit)
        {
            if (amount > 0)
            {
                text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
    }
}
