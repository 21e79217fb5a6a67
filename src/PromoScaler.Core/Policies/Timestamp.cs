using System.Globalization;
using PromoScaler.Core.Policies.Loading;

namespace PromoScaler.Core.Policies;

/// <summary>The policy timestamp syntax: ISO-8601 with <c>Z</c> or an explicit offset (<c>2027-11-11T00:00:00+08:00</c>).</summary>
public static class Timestamp
{
    /// <summary>Parses <paramref name="text"/>; false for anything else, including a local time without offset.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        return PolicyDocumentReader.TimestampPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>Writes <paramref name="value"/> in UTC, to the second (<c>2027-11-10T16:00:00Z</c>).</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
