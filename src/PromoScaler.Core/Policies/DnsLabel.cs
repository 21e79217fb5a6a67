using System.Text.RegularExpressions;

namespace PromoScaler.Core.Policies;

/// <summary>
/// The name syntax of policies and pre-warms, a DNS-1123 label: 1-63 characters of <c>a-z</c>, <c>0-9</c> and
/// <c>-</c>, starting and ending with a letter or digit. The admin API and the CLI's client commands read names
/// with this one check.
/// </summary>
public static partial class DnsLabel
{
    /// <summary>The longest label.</summary>
    public const int MaxLength = 63;

    /// <summary>What a valid name looks like, for messages.</summary>
    public const string Rule = "1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit";

    /// <summary>True when <paramref name="text"/> is a DNS-1123 label (a trailing newline is not part of one).</summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxLength && Pattern().IsMatch(text);
    }

    // \z, not $: '$' also matches before a final newline, which let "flash\n" through.
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
