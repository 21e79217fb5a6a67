using System.Globalization;

namespace PromoScaler.Core.Policies;

/// <summary>
/// The policy duration syntax: a non-negative integer and one unit, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>
/// (<c>90s</c>, <c>30m</c>, <c>14d</c>). There are no unitless numbers of seconds and no compound forms.
/// </summary>
public static class Duration
{
    /// <summary>Parses <paramref name="text"/>; false when it is not an integer followed by s, m, h or d, or overflows.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? seconds = text[^1] switch
        {
            's' => amount,
            'm' => amount <= long.MaxValue / 60 ? amount * 60 : null,
            'h' => amount <= long.MaxValue / 3600 ? amount * 3600 : null,
            'd' => amount <= long.MaxValue / 86400 ? amount * 86400 : null,
            _ => null,
        };
        if (seconds is not { } s || s > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(s);
        return true;
    }

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
}
