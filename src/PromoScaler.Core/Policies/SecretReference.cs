using System.Text.RegularExpressions;

namespace PromoScaler.Core.Policies;

/// <summary>
/// The rules for a value that names where a secret lives (an environment variable, a file, a profile) rather than
/// holding it: policies (<c>spec.target.credentials</c>), the daemon's configuration and flags check through here.
/// A key pasted where its name belongs must not be accepted, and must not be echoed by the message that refuses it
/// (a terminal, a CI log or a log pipeline would keep it), so no message here quotes the value.
/// </summary>
public static partial class SecretReference
{
    /// <summary>Longest environment variable name accepted: 64 characters (the longest standard ones are about 30).</summary>
    public const int MaxVariableNameLength = 64;

    /// <summary>Longest file path accepted: 4096 characters (Linux' PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    /// <summary>Why <paramref name="value"/> is not an environment variable name, or null when it is one.</summary>
    /// <remarks>
    /// The POSIX convention for names: upper-case letters, digits and underscores, not starting with a digit. A
    /// value of that shape that looks like a key (<c>AKIA...</c>, a long run of letters and digits without a word
    /// separator) is refused too: a variable name is words joined by underscores.
    /// </remarks>
    public static string? VariableNameProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (LooksLikeCredential(value))
        {
            return $"looks like a credential, not the name of an environment variable (the value is not shown); put the key in an environment variable and name the variable here, e.g. AWS_SECRET_ACCESS_KEY";
        }

        return value.Length is 0 or > MaxVariableNameLength || !VariableName().IsMatch(value)
            ? $"is not the name of an environment variable: upper-case letters, digits and _, not starting with a digit, at most {MaxVariableNameLength} characters (the value is not shown, in case it is a secret)"
            : null;
    }

    /// <summary>Why <paramref name="value"/> is not a file path (or a profile name), or null when it may be one.</summary>
    public static string? PathProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be empty";
        }

        if (value.Length > MaxPathLength || value.Any(char.IsControl))
        {
            return $"is not a file path: control characters or more than {MaxPathLength} characters (the value is not shown, in case it is a secret)";
        }

        return LooksLikeCredential(value) || LooksLikeSecretKey(value)
            ? "looks like a credential, not a file path (the value is not shown); put the key in the file and name the file here"
            : null;
    }

    /// <summary>
    /// True for the shapes of cloud keys and tokens: the access key IDs of the major clouds (<c>AKIA</c>, <c>ASIA</c>, ...
    /// and 16 more; <c>AKID...</c>), or 20 or more letters and digits (or 32 or more characters) with no word separator.
    /// </summary>
    public static bool LooksLikeCredential(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (PrefixedAccessKeyId().IsMatch(value) || AkidKeyId().IsMatch(value))
        {
            return true;
        }

        var separated = value.IndexOfAny(['_', '-', '.', ' ', '/']) >= 0;
        return !separated
            && (value.Length >= 32 || (value.Length >= 20 && value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter)));
    }

    /// <summary>
    /// A secret key written in base64 or base62 (a 40-character secret access key may hold '/' and '+'): 20 or
    /// more characters of those alphabets, not starting as a path does ('/', '.', '~'), with upper case, lower case
    /// and digits mixed at random (at least 8 changes between them, where words change case once or twice).
    /// </summary>
    private static bool LooksLikeSecretKey(string value)
    {
        if (value.Length < 20 || value[0] is '/' or '.' or '~' || !Base64Run().IsMatch(value))
        {
            return false;
        }

        var changes = 0;
        for (var i = 1; i < value.Length; i++)
        {
            changes += Class(value[i]) != Class(value[i - 1]) ? 1 : 0;
        }

        return changes >= 8 && value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower) && value.Any(char.IsAsciiDigit);

        static int Class(char c) => char.IsAsciiLetterUpper(c) ? 0 : char.IsAsciiLetterLower(c) ? 1 : char.IsAsciiDigit(c) ? 2 : 3;
    }

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();

    [GeneratedRegex("^(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixedAccessKeyId();

    [GeneratedRegex("^AKID[A-Za-z0-9]{13,}$", RegexOptions.CultureInvariant)]
    private static partial Regex AkidKeyId();

    [GeneratedRegex("^[A-Za-z0-9+/=]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();
}
