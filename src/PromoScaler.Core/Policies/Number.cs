using System.Globalization;
using System.Text.RegularExpressions;

namespace PromoScaler.Core.Policies;

/// <summary>
/// Plain decimal numbers as policies, traces and flags write them: an optional sign, digits, an optional fraction
/// after a dot and an optional exponent (<c>8</c>, <c>0.45</c>, <c>1e3</c>). No thousands separators, no comma
/// decimals (<c>0,2</c> is refused rather than read as 2), no hexadecimal, no words.
/// </summary>
public static partial class Number
{
    /// <summary>Reads an integer: malformed unless an optional sign and digits; out of range beyond <see cref="long"/>.</summary>
    public static ParseOutcome ParseInteger(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (!IntegerPattern().IsMatch(text))
        {
            return ParseOutcome.Malformed;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            ? ParseOutcome.Ok
            : ParseOutcome.OutOfRange;
    }

    /// <summary>Reads a real number: malformed unless written as a decimal; out of range when it is beyond a finite <see cref="double"/>.</summary>
    public static ParseOutcome ParseReal(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (!RealPattern().IsMatch(text))
        {
            return ParseOutcome.Malformed;
        }

        value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? ParseOutcome.Ok : ParseOutcome.OutOfRange;
    }

    /// <summary>Writes <paramref name="value"/> so that <see cref="ParseReal"/> reads it back exactly.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // \z, not $: '$' also matches before a final newline, which let "12\n" through to the number parser.
    [GeneratedRegex(@"^[+-]?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex RealPattern();
}
